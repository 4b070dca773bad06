package io.wsboot.apicheck;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pieces PublicApiTest relies on: how types are named and how a change is reported. */
class PublicApiDiffTest {

    interface Sample {
        <T extends Comparable<? super T>> Map<String, List<T>[]> sort(List<? extends T> in, Map.Entry<?, T> e);
    }

    @Test
    void typesAreNamedAsSourceCodeNamesThem() throws Exception {
        var m = Sample.class.getDeclaredMethod("sort", List.class, Map.Entry.class);
        assertEquals("java.util.Map<java.lang.String, java.util.List<T>[]>", PublicApi.name(m.getGenericReturnType()));
        assertEquals("java.util.List<? extends T>", PublicApi.name(m.getGenericParameterTypes()[0]));
        assertEquals("java.util.Map.Entry<?, T>", PublicApi.name(m.getGenericParameterTypes()[1]));
        assertEquals("io.wsboot.apicheck.PublicApiDiffTest.Sample", PublicApi.name(Sample.class));
        assertEquals("byte[][]", PublicApi.name(byte[][].class));
    }

    @Test
    void aChangedMemberIsShownUnderItsTypeAndANewTypeWhole() {
        String before = "# header\n\npublic interface a.A\n  public abstract int id()\n  public abstract void x()\n";
        String after = "# header\n\npublic interface a.A\n  public abstract long id()\n  public abstract void x()\n\npublic class a.B\n  public B()\n";
        assertEquals("""
                  in public interface a.A:
                -   public abstract int id()
                +   public abstract long id()
                + public class a.B
                +   public B()
                """, PublicApiTest.diff(before, after));
    }
}
