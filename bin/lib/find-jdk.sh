# Sourced by bin/jossl, bin/test and .ci/run: finds a JDK 25 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME if it is 25+, else the newest 25+ JDK in the usual places, else `java` on PATH.

jossl_jdk_major() { # $1 = JDK home; prints its feature version, or nothing
  local home=$1 v=
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "$v" = 1 ] && v=
  printf '%s' "$v"
}

jossl_find_jdk() {
  local min=25 best= best_v=0 home v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(jossl_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then return 0; fi
  fi
  for home in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /usr/java/* \
    "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.local/share/jdks/*; do
    [ -d "$home" ] || continue
    v=$(jossl_jdk_major "$home")
    if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ]; then best=$home; best_v=$v; fi
  done
  if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
    home=$(cd "$(dirname "$(readlink -f "$(command -v java)")")/.." && pwd)
    v=$(jossl_jdk_major "$home")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then best=$home; fi
  fi
  if [ -z "$best" ]; then
    echo "jossl: no JDK 25 or newer found (JAVA_HOME=${JAVA_HOME:-unset}; looked in /usr/lib/jvm, /opt/java, ~/.sdkman, ~/.jdks and PATH)." >&2
    echo "jossl: install one (e.g. Temurin 25) or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME=$best
}
