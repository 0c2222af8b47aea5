package dev.tollgate.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void singleValueReadGetsTheLastValueAndMultiValueGetsAll() throws Exception {
        QueryParams q = QueryParams.parse("a=1&b=x&a=2");
        assertThat(q.last("a")).isEqualTo("2");
        assertThat(q.all("a")).containsExactly("1", "2");
        assertThat(q.last("missing")).isNull();
    }

    @Test
    void decodesOnceWithPlusAsSpace() throws Exception {
        QueryParams q = QueryParams.parse("q=a+b%2Bc&n=%2541&flag");
        assertThat(q.last("q")).isEqualTo("a b+c");
        assertThat(q.last("n")).isEqualTo("%41");
        assertThat(q.last("flag")).isEmpty();
    }

    @Test
    void reEncodesForTheBackend() throws Exception {
        assertThat(QueryParams.parse("q=a+b&x=%26&x=2").encoded()).isEqualTo("q=a%20b&x=%26&x=2");
    }

    @Test
    void invalidEscapesAndUtf8AreRefused() {
        assertThatThrownBy(() -> QueryParams.parse("a=%zz")).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> QueryParams.parse("a=%FF")).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> QueryParams.parse("a=%00")).isInstanceOf(MalformedRequestException.class);
    }
}
