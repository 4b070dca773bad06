package io.wsboot.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wsboot.codec.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Differential: the incremental validator, split anywhere, agrees with the JDK's strict decoder. */
class Utf8FuzzTest {

    @FuzzTest(maxDuration = "15s")
    void agreesWithTheJdk(FuzzedDataProvider data) {
        int cut = data.consumeInt(0, 64);
        byte[] b = data.consumeRemainingAsBytes();
        boolean jdk;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            jdk = true;
        } catch (CharacterCodingException e) {
            jdk = false;
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        int at = Math.min(cut, b.length);
        int s = Utf8Validator.validate(Utf8Validator.ACCEPT, buf, 0, at);
        s = s == Utf8Validator.REJECT ? s : Utf8Validator.validate(s, buf, at, b.length);
        if ((s == Utf8Validator.ACCEPT) != jdk) {
            throw new AssertionError("validator says " + (s == Utf8Validator.ACCEPT) + ", the JDK " + jdk);
        }
    }
}
