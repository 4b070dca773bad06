package io.wsboot.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8ValidatorTest {

    private static boolean valid(byte[] b) {
        return Utf8Validator.isValid(ByteBuffer.wrap(b), 0, b.length);
    }

    private static boolean jdkValid(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void acceptsAllPlanes() {
        String s = "plain ascii text, then ü é ñ, € ₿ 中文, 😀 𝄞 and U+10FFFF \uDBFF\uDFFF";
        assertTrue(valid(s.getBytes(StandardCharsets.UTF_8)));
        assertTrue(valid(new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "80", "bf", "c0 80", "c1 bf", "e0 80 80", "e0 9f bf", "ed a0 80", "ed bf bf", "f0 80 80 80",
        "f0 8f bf bf", "f4 90 80 80", "f5 80 80 80", "ff", "fe", "c2", "e1 80", "f1 80 80", "c2 41",
        "ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64"
    })
    void rejectsInvalidSequences(String hex) {
        assertFalse(valid(HexFormat.ofDelimiter(" ").parseHex(hex)), hex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c2 80", "df bf", "e0 a0 80", "ed 9f bf", "ee 80 80", "ef bf bf", "f0 90 80 80", "f4 8f bf bf"})
    void acceptsBoundarySequences(String hex) {
        assertTrue(valid(HexFormat.ofDelimiter(" ").parseHex(hex)), hex);
    }

    @Test
    void failsOnTheFirstInvalidByte() {
        // "κόσμε" then a surrogate: the state must turn to REJECT at byte 11 (the 0xA0 after 0xED)
        byte[] b = HexFormat.ofDelimiter(" ").parseHex("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65");
        int state = Utf8Validator.ACCEPT;
        int failedAt = -1;
        for (int i = 0; i < b.length; i++) {
            state = Utf8Validator.step(state, b[i]);
            if (state == Utf8Validator.REJECT) {
                failedAt = i;
                break;
            }
        }
        assertEquals(12, failedAt);
    }

    @Test
    void incrementalSplitsAgreeWithWholeValidation() {
        byte[] b = "x€😀yé".repeat(3).getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= b.length; cut++) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            int s = Utf8Validator.validate(Utf8Validator.ACCEPT, buf, 0, cut);
            s = Utf8Validator.validate(s, buf, cut, b.length);
            assertEquals(Utf8Validator.ACCEPT, s, "cut at " + cut);
        }
        // a message cut inside a character is incomplete, not accepted
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertFalse(Utf8Validator.validate(Utf8Validator.ACCEPT, ByteBuffer.wrap(euro), 0, 2) == Utf8Validator.ACCEPT);
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomInput() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(24)];
            for (int j = 0; j < b.length; j++) {
                // bias towards interesting bytes
                b[j] = (byte) (r.nextInt(4) == 0 ? r.nextInt(128) : 0x80 + r.nextInt(128));
            }
            assertEquals(jdkValid(b), valid(b), HexFormat.of().formatHex(b));
            assertEquals(jdkValid(b), Utf8Validator.validate(0, b, 0, b.length) == Utf8Validator.ACCEPT);
        }
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < 40; j++) {
                int cp = r.nextInt(4) == 0 ? r.nextInt(0x110000) : r.nextInt(0x800);
                if (cp < 0xD800 || cp > 0xDFFF) {
                    sb.appendCodePoint(cp);
                }
            }
            assertTrue(valid(sb.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void asciiFastPathWorksOnDirectBuffers() {
        byte[] b = ("0123456789abcdef".repeat(10) + "é").getBytes(StandardCharsets.UTF_8);
        ByteBuffer d = ByteBuffer.allocateDirect(b.length).put(b).flip();
        assertTrue(Utf8Validator.isValid(d, 0, b.length));
        d.put(100, (byte) 0xC0);
        assertFalse(Utf8Validator.isValid(d, 0, b.length));
        assertTrue(CharBuffer.wrap("x").length() == 1);
    }
}
