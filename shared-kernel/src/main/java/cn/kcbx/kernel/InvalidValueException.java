package cn.kcbx.kernel;

/** A value that can never be valid, whatever the state of the case (malformed ID number, future date, ...). */
public final class InvalidValueException extends DomainException {

    public InvalidValueException(String code, String field, String message) {
        super(code, field, message);
    }

    /** The same rejection, re-attributed to the input field it came from (a value object does not know its field). */
    public InvalidValueException atField(String field) {
        return new InvalidValueException(code(), field, getMessage());
    }
}
