#!/usr/bin/env python3
"""Generates jossl's FFM bindings (LibCrypto.java, LibSsl.java) from C prototype lists.

The lists in jossl/src/main/bindings/*.h are plain C: the exact prototypes from OpenSSL's headers
for every function jossl calls. This script turns each prototype into a method handle (looked up
optionally, so a function missing from the installed OpenSSL only disables its feature) and a
static Java method of the same name. BindingSignatureTest compiles the same lists against the
installed headers with gcc, so a prototype that disagrees with OpenSSL fails the build.

Markers in a trailing comment on a prototype:
  critical        a short, non-blocking call that never calls back into Java
                  (Linker.Option.critical(false): no thread-state transition)
  critical-heap   as critical, and heap segments may be passed (zero-copy from byte[])

Usage: scripts/gen-bindings.py            regenerate the Java files
       scripts/gen-bindings.py --check    exit 1 if a checked-in Java file is out of date
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SPEC_DIR = ROOT / "jossl/src/main/bindings"
OUT_DIR = ROOT / "jossl/src/main/java/org/jossl/internal/ffi"
LIBS = [("libcrypto.h", "LibCrypto", "CRYPTO", "libcrypto"), ("libssl.h", "LibSsl", "SSL", "libssl")]

# C scalar type -> (layout expression in Binder, Java carrier)
SCALARS = {
    "void": (None, "void"),
    "char": ("C_CHAR", "byte"), "signed char": ("C_CHAR", "byte"), "unsigned char": ("C_CHAR", "byte"),
    "uint8_t": ("C_CHAR", "byte"),
    "short": ("C_SHORT", "short"), "unsigned short": ("C_SHORT", "short"), "uint16_t": ("C_SHORT", "short"),
    "int": ("C_INT", "int"), "unsigned int": ("C_INT", "int"), "unsigned": ("C_INT", "int"),
    "int32_t": ("C_INT", "int"), "uint32_t": ("C_INT", "int"),
    "long": ("C_LONG", "long"), "unsigned long": ("C_LONG", "long"),
    "long long": ("C_LONG_LONG", "long"), "unsigned long long": ("C_LONG_LONG", "long"),
    "int64_t": ("C_LONG_LONG", "long"), "uint64_t": ("C_LONG_LONG", "long"),
    "size_t": ("C_SIZE_T", "long"), "ossl_ssize_t": ("C_SIZE_T", "long"), "ssize_t": ("C_SIZE_T", "long"),
    "time_t": ("C_LONG", "long"),
    "off_t": ("C_LONG", "long"),
    "double": ("C_DOUBLE", "double"),
    "X509_LOOKUP_TYPE": ("C_INT", "int"),
}
# typedefs that are themselves function pointer types (used without '*')
POINTER_TYPEDEFS = {
    "BIO_info_cb",
    "DTLS_timer_cb",
    "GEN_SESSION_CB",
    "SSL_CTX_alpn_select_cb_func",
    "SSL_CTX_decrypt_session_ticket_fn",
    "SSL_CTX_generate_session_ticket_fn",
    "SSL_CTX_keylog_cb_func",
    "SSL_CTX_npn_advertised_cb_func",
    "SSL_CTX_npn_select_cb_func",
    "SSL_allow_early_data_cb_fn",
    "SSL_async_callback_fn",
    "SSL_client_hello_cb_fn",
    "SSL_custom_ext_add_cb_ex",
    "SSL_custom_ext_free_cb_ex",
    "SSL_custom_ext_parse_cb_ex",
    "SSL_psk_client_cb_func",
    "SSL_psk_find_session_cb_func",
    "SSL_psk_server_cb_func",
    "SSL_psk_use_session_cb_func",
    "SSL_verify_cb",
    "custom_ext_add_cb",
    "custom_ext_free_cb",
    "custom_ext_parse_cb",
    "ssl_ct_validation_cb",
    "tls_session_secret_cb_fn",
    "tls_session_ticket_ext_cb_fn",
}
JAVA_RESERVED = {"char", "int", "long", "short", "byte", "new", "default", "class", "package", "native",
                 "final", "static", "public", "private", "protected", "interface", "enum", "this", "super",
                 "switch", "case", "goto", "const", "volatile", "transient", "throws", "throw", "try",
                 "catch", "finally", "import", "return", "void", "do", "while", "for", "if", "else",
                 "break", "continue", "boolean", "double", "float", "instanceof", "abstract", "assert",
                 "extends", "implements", "strictfp", "synchronized", "record", "var", "yield", "in",
                 "out"}


def strip_comments(text):
    """Returns (statements, markers): prototypes without comments, markers by statement index."""
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("#"))
    text = re.sub(r";[ \t]*/\*\s*([\w-]+)\s*\*/", r";@@\1@@", text)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    statements, markers = [], {}
    for piece in text.split(";"):
        m = re.match(r"\s*@@([\w-]+)@@", piece)
        if m:
            markers[len(statements) - 1] = m.group(1)
            piece = piece[m.end():]
        stmt = " ".join(piece.split())
        if stmt:
            statements.append(stmt)
    if statements and not text.rstrip().endswith(";") and not re.search(r"@@\s*$", text):
        raise SystemExit(f"unterminated prototype: {statements[-1]}")
    return statements, markers


def split_params(params):
    out, depth, cur = [], 0, ""
    for ch in params:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def c_type(decl):
    """Maps a parameter or return declaration (without its name) to (layout, java)."""
    if "*" in decl or "[" in decl or "(" in decl:
        return ("C_POINTER", "MemorySegment")
    words = [w for w in decl.replace("const", " ").split() if w not in ("struct", "enum")]
    key = " ".join(words)
    if key in POINTER_TYPEDEFS:
        return ("C_POINTER", "MemorySegment")
    if key not in SCALARS:
        raise SystemExit(f"unknown C type '{decl}' (add it to SCALARS or use a pointer)")
    return SCALARS[key]


def parse(stmt):
    stmt = re.sub(r"\b(__owur|OSSL_DEPRECATEDIN_\w+)\s*", "", stmt)
    m = re.match(r"^(.*?)\b([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)$", stmt)
    if not m:
        raise SystemExit(f"cannot parse prototype: {stmt}")
    ret, name, params = m.group(1).strip(), m.group(2), m.group(3).strip()
    args = []
    if params and params != "void":
        for i, p in enumerate(split_params(params)):
            if p == "...":
                raise SystemExit(f"{name}: variadic functions cannot be bound")
            fp = re.match(r"^.*\(\s*\*\s*([A-Za-z_][A-Za-z0-9_]*)?\s*\)\s*\(.*\)$", p)
            if fp:
                pname, ptype = fp.group(1) or f"a{i}", "void *"
            else:
                pm = re.match(r"^(.*?[\s*])([A-Za-z_][A-Za-z0-9_]*)(\s*\[\s*\d*\s*\])?$", p)
                if pm and pm.group(1).strip() and pm.group(2) not in SCALARS and pm.group(2) != "const":
                    ptype, pname = pm.group(1).strip() + ("*" if pm.group(3) else ""), pm.group(2)
                else:
                    ptype, pname = p, f"a{i}"
            if pname in JAVA_RESERVED:
                pname = pname + "_"
            args.append((pname, c_type(ptype)))
    return name, c_type(ret), args


def generate(spec, cls, lib, libname):
    statements, markers = strip_comments(spec.read_text())
    funcs = []
    seen = set()
    for i, stmt in enumerate(statements):
        name, ret, args = parse(stmt)
        if name in seen:
            raise SystemExit(f"{spec.name}: {name} declared twice")
        seen.add(name)
        funcs.append((name, ret, args, markers.get(i, "")))
    funcs.sort(key=lambda f: f[0])
    out = []
    w = out.append
    w("// GENERATED by scripts/gen-bindings.py from jossl/src/main/bindings/" + spec.name + "; do not edit.")
    w("package org.jossl.internal.ffi;")
    w("")
    w("import static org.jossl.internal.ffi.Binder.*;")
    w("")
    w("import java.lang.foreign.MemorySegment;")
    w("import java.lang.invoke.MethodHandle;")
    w("")
    w("/**")
    w(f" * The {libname} functions jossl calls, one static method per C function, named as in C.")
    w(" *")
    w(" * <p>Each handle is made on first use (its holder class initialises lazily), so start-up pays")
    w(" * only for the functions it calls. Every symbol is looked up optionally: a function the")
    w(" * loaded OpenSSL lacks is bound to a")
    w(" * method that throws {@link UnsupportedOperationException}; {@link Binder#has} tells in advance.")
    w(" * Callers check every return value (DESIGN.md, native calls rule 4).")
    w(" */")
    w("@SuppressWarnings(\"unused\")")
    w(f"public final class {cls} {{")
    w(f"  private {cls}() {{}}")
    for name, ret, args, marker in funcs:
        layouts = ", ".join(a[1][0] for a in args)
        if ret[0] is None:
            desc = f"voidFn({layouts})" if layouts else "voidFn()"
        else:
            desc = f"fn({ret[0]}{', ' + layouts if layouts else ''})"
        opt = ""
        if marker:
            if "critical-heap" in marker:
                opt = ", CRITICAL_HEAP"
            elif "critical" in marker:
                opt = ", CRITICAL"
        w("")
        w(f"  private static final class H_{name} {{")
        w(f"    static final MethodHandle H = bind({lib}, \"{name}\", {desc}{opt});")
        w("  }")
        w("")
        params = ", ".join(f"{a[1][1]} {a[0]}" for a in args)
        call = ", ".join(a[0] for a in args)
        w(f"  public static {ret[1]} {name}({params}) {{")
        w("    try {")
        if ret[1] == "void":
            w(f"      H_{name}.H.invokeExact({call});")
        else:
            w(f"      return ({ret[1]}) H_{name}.H.invokeExact({call});")
        w("    } catch (Throwable e$) {")
        w("      throw rethrow(e$);")
        w("    }")
        w("  }")
    w("}")
    return "\n".join(out) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for spec_name, cls, lib, libname in LIBS:
        text = generate(SPEC_DIR / spec_name, cls, lib, libname)
        target = OUT_DIR / f"{cls}.java"
        if check:
            if not target.exists() or target.read_text() != text:
                stale.append(str(target.relative_to(ROOT)))
        else:
            target.write_text(text)
    if stale:
        print("out of date (run scripts/gen-bindings.py): " + ", ".join(stale), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
