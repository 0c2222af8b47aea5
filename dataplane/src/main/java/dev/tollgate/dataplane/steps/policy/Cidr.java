package dev.tollgate.dataplane.steps.policy;

import io.netty.util.NetUtil;

/** An address range; parsing and matching never touch DNS. */
record Cidr(byte[] network, int prefix) {

    /** Parses {@code ADDRESS/PREFIX} (compiled, so well-formed); null if it is not. */
    static Cidr parse(String cidr) {
        int slash = cidr.indexOf('/');
        byte[] address = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address == null) {
            return null;
        }
        int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        return new Cidr(address, prefix);
    }

    /** Whether the address (4 or 16 bytes) is in this range; other families never match. */
    boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    /** The bytes of a literal address, IPv4-mapped IPv6 folded to IPv4; null if not an address. */
    static byte[] address(String ip) {
        byte[] b = ip == null ? null : NetUtil.createByteArrayFromIpAddressString(ip);
        if (b != null && b.length == 16 && isV4Mapped(b)) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        return b;
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
