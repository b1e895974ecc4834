package cn.kcbx.access.security;

import cn.kcbx.access.signin.SignedInUser;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/** A request authenticated by a bearer token; its one authority is {@code ROLE_<role>}. */
public final class SignedInAuthentication extends AbstractAuthenticationToken {

    private final SignedInUser user;

    public SignedInAuthentication(SignedInUser user) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + user.actor().role().name())));
        this.user = user;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public SignedInUser getPrincipal() {
        return user;
    }

    @Override
    public String getName() {
        return user.actor().userId();
    }
}
