package cn.kcbx.kernel;

/** A well-formed request that the case's current state or a domain rule does not allow (no return on a closed case). */
public final class RuleViolationException extends DomainException {

    public RuleViolationException(String code, String field, String message) {
        super(code, field, message);
    }

    public RuleViolationException(String code, String message) {
        super(code, null, message);
    }
}
