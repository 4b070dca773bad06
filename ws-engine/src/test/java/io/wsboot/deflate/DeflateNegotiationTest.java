package io.wsboot.deflate;

import io.wsboot.CompressionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeflateNegotiationTest {
    static final CompressionConfig SERVER = CompressionConfig.serverDefaults();
    /** A server that lets both sides keep context. */
    static final CompressionConfig TAKEOVER = new CompressionConfig(true, 6, 0, true, true, 15, 15);

    static String answer(String offer, CompressionConfig config) {
        DeflateParams p = DeflateNegotiation.accept(offer, config);
        return p == null ? null : p.responseHeader();
    }

    @Test
    void parsesOffersWithAndWithoutValuesAndQuotes() {
        List<ExtensionOffer> offers = ExtensionOffer.parseAll(
                "permessage-deflate; client_max_window_bits; server_max_window_bits=\"10\" , x-custom;a=b, Foo");
        assertEquals(3, offers.size());
        assertEquals("permessage-deflate", offers.get(0).name());
        assertEquals(new ExtensionOffer.Param("client_max_window_bits", null), offers.get(0).params().get(0));
        assertEquals(new ExtensionOffer.Param("server_max_window_bits", "10"), offers.get(0).params().get(1));
        assertEquals("foo", offers.get(2).name());
        assertThrows(IllegalArgumentException.class, () -> ExtensionOffer.parseAll("permessage-deflate;;"));
        assertThrows(IllegalArgumentException.class, () -> ExtensionOffer.parseAll("a; b=\"unterminated"));
        assertThrows(IllegalArgumentException.class, () -> ExtensionOffer.parseAll("a b"));
    }

    @Test
    void serverDefaultsAskNoContextEitherWay() {
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                answer("permessage-deflate", SERVER));
        // Chromium's offer
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                answer("permessage-deflate; client_max_window_bits", SERVER));
        assertEquals("permessage-deflate", answer("permessage-deflate; client_max_window_bits", TAKEOVER));
    }

    @Test
    void honoursWhatTheClientAsks() {
        assertEquals("permessage-deflate; server_no_context_takeover", answer("permessage-deflate; server_no_context_takeover", TAKEOVER));
        assertEquals("permessage-deflate; client_no_context_takeover", answer("permessage-deflate; client_no_context_takeover", TAKEOVER));
        DeflateParams p = DeflateNegotiation.accept("permessage-deflate; server_max_window_bits=10", TAKEOVER);
        assertEquals(10, p.serverMaxWindowBits());
        assertEquals("permessage-deflate; server_max_window_bits=10", p.responseHeader());
        p = DeflateNegotiation.accept("permessage-deflate; client_max_window_bits=9", TAKEOVER);
        assertEquals(9, p.clientMaxWindowBits());
        assertEquals("permessage-deflate; client_max_window_bits=9", p.responseHeader());
    }

    @Test
    void serverLimitsItsOwnWindowAndTheClientsWhenAllowed() {
        CompressionConfig small = new CompressionConfig(true, 6, 0, true, true, 12, 11);
        assertEquals("permessage-deflate; server_max_window_bits=12", answer("permessage-deflate", small));
        assertEquals("permessage-deflate; server_max_window_bits=12; client_max_window_bits=11",
                answer("permessage-deflate; client_max_window_bits", small));
        assertEquals("permessage-deflate; server_max_window_bits=9; client_max_window_bits=10",
                answer("permessage-deflate; server_max_window_bits=9; client_max_window_bits=10", small));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "permessage-deflate; server_max_window_bits=16", "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits", "permessage-deflate; server_max_window_bits=ten",
        "permessage-deflate; client_max_window_bits=0", "permessage-deflate; unknown_param",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; client_no_context_takeover=yes", "x-webkit-deflate-frame", "permessage-deflate;;",
    })
    void declinesWhatItCannotHonour(String offer) {
        assertNull(DeflateNegotiation.accept(offer, SERVER), offer);
    }

    @Test
    void takesTheFirstAcceptableOffer() {
        assertEquals("permessage-deflate; server_max_window_bits=11",
                answer("permessage-deflate; foo=bar, permessage-deflate; server_max_window_bits=11, permessage-deflate", TAKEOVER));
        assertNull(DeflateNegotiation.accept("permessage-deflate", CompressionConfig.disabled()));
        assertNull(DeflateNegotiation.accept(null, SERVER));
    }

    @Test
    void clientOffersAndChecksTheAnswer() {
        CompressionConfig c = CompressionConfig.clientDefaults();
        assertEquals("permessage-deflate; client_max_window_bits", DeflateNegotiation.offer(c));
        CompressionConfig strict = new CompressionConfig(true, 6, 0, false, false, 10, 12);
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10;"
                + " client_max_window_bits=12", DeflateNegotiation.offer(strict));

        DeflateParams p = DeflateNegotiation.clientAccept("permessage-deflate; server_no_context_takeover; client_max_window_bits=9", c);
        assertTrue(p.serverNoContextTakeover());
        assertFalse(p.clientNoContextTakeover());
        assertEquals(9, p.clientMaxWindowBits());
        assertThrows(IllegalArgumentException.class, () -> DeflateNegotiation.clientAccept("permessage-deflate; foo", c));
        assertThrows(IllegalArgumentException.class, () -> DeflateNegotiation.clientAccept("x-other", c));
        assertThrows(IllegalArgumentException.class, () -> DeflateNegotiation.clientAccept("permessage-deflate, permessage-deflate", c));
        assertThrows(IllegalArgumentException.class, () -> DeflateNegotiation.clientAccept("permessage-deflate; server_max_window_bits=99", c));
        assertThrows(IllegalArgumentException.class,
                () -> DeflateNegotiation.clientAccept("permessage-deflate; client_max_window_bits=13", strict));
        assertThrows(IllegalArgumentException.class, () -> DeflateNegotiation.clientAccept("permessage-deflate", strict),
                "server ignored server_no_context_takeover");
    }
}
