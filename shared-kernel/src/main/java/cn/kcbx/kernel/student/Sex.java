package cn.kcbx.kernel.student;

/** Sex as recorded on the ID card (第17位: odd = male, even = female). */
public enum Sex {
    MALE("男"),
    FEMALE("女");

    private final String label;

    Sex(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The sex encoded by the 17th character of an ID number (the last digit of the sequence code). */
    static Sex ofSequenceDigit(char digit) {
        return (digit - '0') % 2 == 1 ? MALE : FEMALE;
    }
}
