package dev.tollgate.dataplane.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.IamGlob;
import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void ipv4RangesMatchOnTheirPrefixOnly() {
        Cidr ten = Cidr.parse("10.1.0.0/16");
        assertThat(ten.contains(Cidr.address("10.1.255.7"))).isTrue();
        assertThat(ten.contains(Cidr.address("10.2.0.1"))).isFalse();
        Cidr odd = Cidr.parse("192.168.1.128/25");
        assertThat(odd.contains(Cidr.address("192.168.1.200"))).isTrue();
        assertThat(odd.contains(Cidr.address("192.168.1.127"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.address("8.8.8.8"))).isTrue();
        assertThat(Cidr.parse("127.0.0.1").contains(Cidr.address("127.0.0.1"))).isTrue();
        assertThat(Cidr.parse("127.0.0.1").contains(Cidr.address("127.0.0.2"))).isFalse();
    }

    @Test
    void ipv6RangesAndMappedAddresses() {
        Cidr ula = Cidr.parse("fd00::/8");
        assertThat(ula.contains(Cidr.address("fd12:3456::1"))).isTrue();
        assertThat(ula.contains(Cidr.address("fe80::1"))).isFalse();
        // An IPv4-mapped IPv6 peer is judged by its IPv4 address.
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.address("::ffff:10.9.8.7")))
                .isTrue();
        // Families never cross.
        assertThat(Cidr.parse("::/0").contains(Cidr.address("10.0.0.1"))).isFalse();
    }

    @Test
    void hostNamesAndGarbageAreNotAddresses() {
        assertThat(Cidr.address("localhost")).isNull();
        assertThat(Cidr.address("10.0.0.256")).isNull();
        assertThat(Cidr.address(null)).isNull();
        assertThat(Cidr.parse("10.0.0.0/8").contains(null)).isFalse();
    }

    @Test
    void globIsLiteralExceptForStarAndQuestionMark() {
        assertThat(IamGlob.compile("prod/GET/pets/*")
                        .matcher("prod/GET/pets/1/toys")
                        .matches())
                .isTrue();
        assertThat(IamGlob.compile("prod/GET/pets/*")
                        .matcher("prod/POST/pets/1")
                        .matches())
                .isFalse();
        assertThat(IamGlob.compile("*/GET/a.b").matcher("prod/GET/aXb").matches())
                .isFalse();
        assertThat(IamGlob.compile("prod/GET/p?ts").matcher("prod/GET/pets").matches())
                .isTrue();
    }
}
