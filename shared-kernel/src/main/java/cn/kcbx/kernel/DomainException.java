package cn.kcbx.kernel;

import java.util.Objects;

/**
 * A rejection the domain can explain: a stable machine-readable {@code code}, the {@code field} at fault (or null when
 * the rejection is about the case as a whole) and a message in Chinese that a county clerk understands.
 */
public abstract class DomainException extends RuntimeException {

    private final String code;
    private final String field;

    protected DomainException(String code, String field, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
    }

    public String code() {
        return code;
    }

    /** The input field at fault, as a dotted path ({@code student.idNumber}), or null. */
    public String field() {
        return field;
    }
}
