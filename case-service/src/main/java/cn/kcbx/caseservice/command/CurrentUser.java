package cn.kcbx.caseservice.command;

/**
 * The one seam through which the acting user enters: today a set of request headers, later real authentication.
 * Nothing else in the service reads who the user is.
 */
public interface CurrentUser {

    /** The acting user; throws {@link UnauthenticatedException} when the request names none. */
    Actor require();
}
