package dev.recurrent.spark.examples;

import org.apache.xbean.asm9.ClassReader;
import org.apache.xbean.asm9.ClassVisitor;
import org.apache.xbean.asm9.MethodVisitor;
import org.apache.xbean.asm9.Opcodes;
import org.apache.xbean.asm9.Type;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The classes, methods and fields that a jar's code uses outside the jar and that a class loader
 * (Spark's jars over the JDK) lacks: what would fail with {@code NoClassDefFoundError} or
 * {@code NoSuchMethodError} at run time, a library of another version than the code was compiled
 * against included. Reads the bytecode with the ASM that Spark's jars carry.
 */
final class MissingMembers {
    private MissingMembers() {
    }

    /** Each missing class or member, as {@code owner name descriptor}; empty when all are there. */
    static List<String> in(Path jar, ClassLoader libraries) throws IOException {
        Set<String> own = new HashSet<>();
        List<byte[]> classes = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(file.entries())) {
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    own.add(e.getName().substring(0, e.getName().length() - ".class".length()));
                    classes.add(file.getInputStream(e).readAllBytes());
                }
            }
        }
        Set<String> used = new TreeSet<>();
        for (byte[] bytes : classes) {
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String member, String desc,
                                boolean isInterface) {
                            if (!own.contains(owner) && !owner.startsWith("[")) {
                                used.add(owner + " " + member + " " + desc);
                            }
                        }

                        @Override
                        public void visitFieldInsn(int opcode, String owner, String member, String desc) {
                            if (!own.contains(owner)) {
                                used.add(owner + " " + member + " " + desc);
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG);
        }
        List<String> missing = new ArrayList<>();
        for (String use : used) {
            String[] p = use.split(" ");
            Class<?> owner;
            try {
                owner = Class.forName(p[0].replace('/', '.'), false, libraries);
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(use + " (no class)");
                continue;
            }
            if (!declares(owner, p[1], p[2])) {
                missing.add(use);
            }
        }
        return missing;
    }

    /** Whether {@code owner} or one of its supertypes declares the member. */
    private static boolean declares(Class<?> owner, String name, String descriptor) {
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(owner));
        Set<Class<?>> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (!seen.add(c)) {
                continue;
            }
            if (name.equals("<init>")) {
                for (Constructor<?> k : c.getDeclaredConstructors()) {
                    if (Type.getConstructorDescriptor(k).equals(descriptor)) {
                        return true;
                    }
                }
                return false;
            }
            for (Method m : c.getDeclaredMethods()) {
                boolean signaturePolymorphic = m.isVarArgs() && Modifier.isNative(m.getModifiers());
                if (m.getName().equals(name)
                        && (signaturePolymorphic || Type.getMethodDescriptor(m).equals(descriptor))) {
                    return true;
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name) && Type.getDescriptor(f.getType()).equals(descriptor)) {
                    return true;
                }
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
        }
        return false;
    }
}
