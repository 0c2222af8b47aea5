package dev.tollgate.dataplane.net;

import io.netty.util.NetUtil;

/**
 * An address range (CIDR, or one address): resource policies match callers and the listeners match
 * trusted proxies against it; parsing and matching never touch DNS.
 *
 * @param network the range's address bytes (4 or 16)
 * @param prefix how many leading bits of an address must equal the network's
 */
public record Cidr(byte[] network, int prefix) {

    /** Parses {@code ADDRESS/PREFIX} or {@code ADDRESS}; null if it is neither. */
    public static Cidr parse(String cidr) {
        int slash = cidr.indexOf('/');
        byte[] address = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address == null) {
            return null;
        }
        String bits = slash < 0 ? null : cidr.substring(slash + 1);
        if (bits != null
                && (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit))) {
            return null;
        }
        int prefix = bits == null ? address.length * 8 : Integer.parseInt(bits);
        return prefix > address.length * 8 ? null : new Cidr(address, prefix);
    }

    /** Whether the address (4 or 16 bytes) is in this range; other families never match. */
    public boolean contains(byte[] address) {
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
    public static byte[] address(String ip) {
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
