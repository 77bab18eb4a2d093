package org.vigil.ingest.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where webhooks may be sent. An address is refused when its host resolves to a loopback, private, link-local,
 * carrier-grade NAT, unique-local, multicast or unspecified address, unless the allow-list admits it: entries are
 * host names ({@code hooks.example.org}) or address ranges in CIDR form ({@code 127.0.0.0/8}, {@code ::1/128}). Every
 * address the host resolves to is checked, at subscription and again before each attempt.
 */
public final class Destinations {

    private final List<String> hosts = new ArrayList<>();
    private final List<byte[][]> ranges = new ArrayList<>(); // {network, mask}

    public Destinations(List<String> allow) {
        for (String entry : allow) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) continue;
            if (e.contains("/")) ranges.add(range(e));
            else hosts.add(e);
        }
    }

    /** Why a delivery to {@code url} is refused, or null when it may go. */
    public String refusal(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) return "only http and https addresses take webhooks";
        String host = url.getHost();
        if (host == null || host.isBlank()) return "the address names no host";
        if (url.getUserInfo() != null) return "the address may not carry a user name or password";
        if (hosts.contains(host.toLowerCase(Locale.ROOT))) return null;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "the host " + host + " does not resolve";
        }
        for (InetAddress a : addresses) {
            if (internal(a) && !allowed(a)) {
                return "the host " + host + " resolves to " + a.getHostAddress()
                        + ", a loopback, private or otherwise internal address that the allow-list (vigil.webhooks.allow) does not admit";
            }
        }
        return null;
    }

    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) return true;
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff, second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 198 && (second == 18 || second == 19)) || first >= 240;
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local, fc00::/7
        }
        return true;
    }

    private boolean allowed(InetAddress a) {
        byte[] b = a.getAddress();
        for (byte[][] r : ranges) {
            if (r[0].length != b.length) continue;
            boolean match = true;
            for (int i = 0; i < b.length && match; i++) match = (b[i] & r[1][i]) == (r[0][i] & r[1][i]);
            if (match) return true;
        }
        return false;
    }

    private static byte[][] range(String cidr) {
        String[] parts = cidr.split("/", 2);
        try {
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (bits < 0 || bits > network.length * 8) throw new IllegalArgumentException("prefix out of range");
            byte[] mask = new byte[network.length];
            for (int i = 0; i < mask.length; i++) {
                int left = Math.max(0, Math.min(8, bits - i * 8));
                mask[i] = (byte) (left == 0 ? 0 : 0xff << (8 - left));
            }
            return new byte[][] {network, mask};
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new IllegalArgumentException("vigil.webhooks.allow: '" + cidr + "' is not an address range such as 127.0.0.0/8", e);
        }
    }
}
