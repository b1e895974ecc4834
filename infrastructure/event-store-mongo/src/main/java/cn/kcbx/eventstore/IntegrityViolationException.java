package cn.kcbx.eventstore;

/** A checkpoint was refused because the history it would sign is already broken: signing it would hide that. */
public class IntegrityViolationException extends RuntimeException {

    private final BrokenLink brokenLink;

    public IntegrityViolationException(BrokenLink brokenLink) {
        super(brokenLink.kind() + ": " + brokenLink.message());
        this.brokenLink = brokenLink;
    }

    public BrokenLink brokenLink() {
        return brokenLink;
    }
}
