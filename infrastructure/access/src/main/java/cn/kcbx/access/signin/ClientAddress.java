package cn.kcbx.access.signin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The client address a throttle counts by. An IPv6 client usually holds a whole /64 and can send from any address
 * in it, so it counts as its /64; an IPv4 address counts as itself.
 */
final class ClientAddress {

    private static final int MAX_LENGTH = 64;

    private ClientAddress() {
    }

    static String of(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank()) {
            return "unknown";
        }
        if (remoteAddress.indexOf(':') >= 0 && remoteAddress.length() <= MAX_LENGTH) {
            try {
                // A literal (it has a colon), so no name lookup happens.
                byte[] bytes = InetAddress.getByName(remoteAddress).getAddress();
                if (bytes.length == 16) {
                    byte[] prefix = Arrays.copyOf(bytes, 16);
                    Arrays.fill(prefix, 8, 16, (byte) 0);
                    return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
                }
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException e) {
                // not an address literal after all: count it as given
            }
        }
        return remoteAddress.length() <= MAX_LENGTH ? remoteAddress : remoteAddress.substring(0, MAX_LENGTH);
    }
}
