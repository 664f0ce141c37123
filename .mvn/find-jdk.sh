# Sourced by ./mvnw, ./lab and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Keeps JAVA_HOME when it is suitable, else takes the newest suitable JDK it finds.

threadlab_java_major() {
  # Prints the feature version of the JDK at $1 (e.g. 25), or nothing.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

threadlab_find_jdk() {
  wanted=21 best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(threadlab_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$wanted" ]; then return 0; fi
  fi
  for dir in "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")" \
             /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$dir" ] || continue
    major=$(threadlab_java_major "$dir")
    [ -n "$major" ] || continue
    if [ "$major" -ge "$wanted" ] && [ "$major" -gt "$best_major" ]; then
      best=$dir best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "ThreadLab needs a JDK 21 or newer: install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 25) or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
