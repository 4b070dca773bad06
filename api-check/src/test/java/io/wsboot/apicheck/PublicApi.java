package io.wsboot.apicheck;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.annotation.Documented;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of one library as text: every public and protected type, field, constructor and
 * method, one line each, sorted, so that a change to the API is a line-by-line diff. Reads the
 * classes by reflection from the jar (or classes folder) that holds an anchor class; with a
 * module-info, only the packages it exports. Types are
 * printed by their canonical names with generics; constants with their values (a changed value is
 * compiled into callers); annotations only when their type is {@code @Documented}, as javadoc does.
 */
final class PublicApi {
    private PublicApi() {
    }

    /** The API of the library that holds {@code anchor}. */
    static String of(Class<?> anchor) {
        ClassLoader loader = anchor.getClassLoader();
        StringBuilder out = new StringBuilder();
        java.util.Set<String> exported = exportedPackages(root(anchor));
        for (String name : classNames(root(anchor))) {
            if (exported != null && !exported.contains(name.substring(0, name.lastIndexOf('.')))) {
                continue; // a package the module keeps to itself
            }
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot load " + name + " (is a dependency missing from api-check's pom?)", e);
            }
            if (visible(type)) {
                appendType(out, type);
            }
        }
        return out.toString();
    }

    /**
     * The configuration properties of the library that holds {@code anchor}, from the metadata
     * Spring Boot's processor generated: names, types and defaults are API as much as methods are.
     */
    static String properties(Class<?> anchor) {
        Path root = root(anchor);
        try (FileSystem jar = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root)) {
            Path file = (jar == null ? root : jar.getPath("/")).resolve("META-INF/spring-configuration-metadata.json");
            StringBuilder out = new StringBuilder();
            List<JsonNode> props = new ArrayList<>();
            JsonMapper.shared().readTree(Files.readString(file)).get("properties").forEach(props::add);
            props.sort(Comparator.comparing(p -> p.get("name").asString()));
            for (JsonNode p : props) {
                out.append("  ").append(p.get("name").asString()).append(' ').append(p.get("type").asString().replace('$', '.'));
                if (p.has("defaultValue")) {
                    out.append(" = ").append(p.get("defaultValue"));
                }
                if (p.has("deprecation")) {
                    out.append(" (deprecated)");
                }
                out.append('\n');
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The packages the library's module-info exports (unqualified), or null when it has none. */
    private static java.util.Set<String> exportedPackages(Path root) {
        try (FileSystem jar = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root)) {
            Path descriptor = (jar == null ? root : jar.getPath("/")).resolve("module-info.class");
            if (!Files.exists(descriptor)) {
                return null;
            }
            try (var in = Files.newInputStream(descriptor)) {
                return java.lang.module.ModuleDescriptor.read(in).exports().stream()
                        .filter(e -> !e.isQualified())
                        .map(java.lang.module.ModuleDescriptor.Exports::source)
                        .collect(Collectors.toSet());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binary names of the named (not anonymous or local) classes under {@code root}, sorted. */
    private static List<String> classNames(Path root) {
        try {
            if (Files.isDirectory(root)) {
                return classNames(root, root);
            }
            try (FileSystem jar = FileSystems.newFileSystem(root)) {
                return classNames(jar.getPath("/"), jar.getPath("/"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> classNames(Path root, Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> root.relativize(p).toString())
                    .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .filter(n -> !n.matches(".*\\$[0-9].*"))
                    .sorted()
                    .toList();
        }
    }

    /** Public or protected, and so is every class around it. */
    private static boolean visible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!exposed(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void appendType(StringBuilder out, Class<?> type) {
        out.append('\n');
        annotations(type).forEach(a -> out.append(a).append('\n'));
        out.append(typeHeader(type)).append('\n');
        List<String> members = new ArrayList<>();
        Arrays.stream(type.getDeclaredFields()).filter(PublicApi::member).sorted(Comparator.comparing(Field::getName))
                .forEach(f -> members.add(field(f)));
        Arrays.stream(type.getDeclaredConstructors()).filter(PublicApi::member).map(c -> executable(c, type.getSimpleName()))
                .sorted().forEach(members::add);
        Arrays.stream(type.getDeclaredMethods()).filter(m -> member(m) && !m.isBridge())
                .sorted(Comparator.comparing(Method::getName).thenComparing(m -> executable(m, m.getName())))
                .forEach(m -> members.add(executable(m, m.getName())));
        members.forEach(m -> out.append("  ").append(m).append('\n'));
    }

    private static boolean member(Member m) {
        return exposed(m.getModifiers()) && !m.isSynthetic();
    }

    private static String typeHeader(Class<?> type) {
        int mods = type.getModifiers() & Modifier.classModifiers();
        String kind;
        if (type.isAnnotation()) {
            kind = "@interface";
            mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE | Modifier.STATIC);
        } else if (type.isInterface()) {
            kind = "interface";
            mods &= ~(Modifier.ABSTRACT | Modifier.STATIC);
        } else if (type.isEnum()) {
            kind = "enum";
            mods &= ~(Modifier.FINAL | Modifier.STATIC | Modifier.ABSTRACT);
        } else if (type.isRecord()) {
            kind = "record";
            mods &= ~(Modifier.FINAL | Modifier.STATIC);
        } else {
            kind = "class";
        }
        StringBuilder s = new StringBuilder(Modifier.toString(mods));
        s.append(s.length() > 0 ? " " : "").append(kind).append(' ').append(type.getCanonicalName()).append(typeParameters(type.getTypeParameters()));
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            s.append(" extends ").append(name(superclass));
        }
        List<String> interfaces = Arrays.stream(type.getGenericInterfaces()).filter(i -> i != Annotation.class).map(PublicApi::name).toList();
        if (!interfaces.isEmpty()) {
            s.append(type.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        return s.toString();
    }

    private static String field(Field f) {
        StringBuilder s = new StringBuilder();
        annotations(f).forEach(a -> s.append(a).append(' '));
        s.append(Modifier.toString(f.getModifiers() & Modifier.fieldModifiers())).append(' ')
                .append(name(f.getGenericType())).append(' ').append(f.getName());
        if (constant(f)) {
            try {
                s.append(" = ").append(value(f.get(null)));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return s.toString();
    }

    /** A static final primitive or String: its value is compiled into the code that reads it. */
    private static boolean constant(Field f) {
        int m = f.getModifiers();
        return Modifier.isStatic(m) && Modifier.isFinal(m) && Modifier.isPublic(m)
                && (f.getType().isPrimitive() || f.getType() == String.class) && !f.isEnumConstant();
    }

    private static String executable(Executable e, String name) {
        StringBuilder s = new StringBuilder();
        annotations(e).forEach(a -> s.append(a).append(' '));
        int mods = e.getModifiers() & (e instanceof Method ? Modifier.methodModifiers() : Modifier.constructorModifiers());
        s.append(Modifier.toString(mods));
        if (e instanceof Method m && m.isDefault()) {
            s.append(" default");
        }
        String typeParams = typeParameters(e.getTypeParameters());
        if (!typeParams.isEmpty()) {
            s.append(' ').append(typeParams);
        }
        if (e instanceof Method m) {
            s.append(' ').append(name(m.getGenericReturnType()));
        }
        Type[] params = e.getGenericParameterTypes();
        if (params.length != e.getParameterCount()) {
            params = e.getParameterTypes(); // inner-class constructors: the generic view drops the outer instance
        }
        List<String> p = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            String t = name(params[i]);
            p.add(e.isVarArgs() && i == params.length - 1 ? t.substring(0, t.length() - 2) + "..." : t);
        }
        s.append(' ').append(name).append('(').append(String.join(", ", p)).append(')');
        if (e instanceof Method m && m.getDeclaringClass().isAnnotation() && m.getDefaultValue() != null) {
            s.append(" default ").append(value(m.getDefaultValue()));
        }
        Type[] exceptions = e.getGenericExceptionTypes();
        if (exceptions.length > 0) {
            s.append(" throws ").append(Arrays.stream(exceptions).map(PublicApi::name).sorted().collect(Collectors.joining(", ")));
        }
        return s.toString();
    }

    private static String typeParameters(TypeVariable<?>[] vars) {
        if (vars.length == 0) {
            return "";
        }
        return Arrays.stream(vars).map(v -> {
            List<String> bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class).map(PublicApi::name).toList();
            return bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds);
        }).collect(Collectors.joining(", ", "<", ">"));
    }

    /** A type as source code names it: canonical names, generics, wildcards. */
    static String name(Type t) {
        if (t instanceof Class<?> c) {
            return c.isArray() ? name(c.getComponentType()) + "[]" : Objects.requireNonNullElse(c.getCanonicalName(), c.getName());
        }
        if (t instanceof ParameterizedType p) {
            return name(p.getRawType()) + Arrays.stream(p.getActualTypeArguments()).map(PublicApi::name).collect(Collectors.joining(", ", "<", ">"));
        }
        if (t instanceof GenericArrayType g) {
            return name(g.getGenericComponentType()) + "[]";
        }
        if (t instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) {
                return "? super " + name(w.getLowerBounds()[0]);
            }
            Type upper = w.getUpperBounds()[0];
            return upper == Object.class ? "?" : "? extends " + name(upper);
        }
        if (t instanceof TypeVariable<?> v) {
            return v.getName();
        }
        return t.getTypeName();
    }

    /** The element's {@code @Documented} annotations, with the values that differ from their defaults. */
    private static List<String> annotations(AnnotatedElement e) {
        return Arrays.stream(e.getDeclaredAnnotations())
                .filter(a -> a.annotationType().isAnnotationPresent(Documented.class) || a.annotationType() == Deprecated.class)
                .map(PublicApi::annotation).sorted().toList();
    }

    private static String annotation(Annotation a) {
        List<String> values = new ArrayList<>();
        Method[] elements = a.annotationType().getDeclaredMethods();
        Arrays.sort(elements, Comparator.comparing(Method::getName));
        for (Method m : elements) {
            try {
                m.setAccessible(true);
                Object v = m.invoke(a);
                if (!Objects.deepEquals(v, m.getDefaultValue())) {
                    values.add(m.getName() + "=" + value(v));
                }
            } catch (ReflectiveOperationException | RuntimeException ex) {
                throw new IllegalStateException("cannot read " + a.annotationType().getName() + "." + m.getName(), ex);
            }
        }
        return "@" + name(a.annotationType()) + (values.isEmpty() ? "" : "(" + String.join(", ", values) + ")");
    }

    private static String value(Object v) {
        if (v instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
        if (v instanceof Character c) {
            return "'" + c + "'";
        }
        if (v instanceof Class<?> c) {
            return name(c) + ".class";
        }
        if (v instanceof Enum<?> en) {
            return en.name();
        }
        if (v instanceof Annotation a) {
            return annotation(a);
        }
        if (v != null && v.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                items.add(value(Array.get(v, i)));
            }
            return items.stream().collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(v);
    }
}
