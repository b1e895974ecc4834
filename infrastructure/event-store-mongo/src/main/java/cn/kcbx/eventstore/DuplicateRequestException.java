package cn.kcbx.eventstore;

/**
 * A commit with the same client request id is already stored: the request was processed before (a retried submission
 * from a phone on a bad network). Nothing was appended.
 */
public class DuplicateRequestException extends RuntimeException {

    private final String requestId;

    public DuplicateRequestException(String requestId) {
        super("request " + requestId + " was already processed");
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }
}
