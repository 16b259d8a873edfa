# Finding a JDK 25 or newer, as ./lab does; sourced by ./lab and by scripts that run java
# themselves (clients/bench/load-benchmark.sh), so that all of them pick the same JDK.

jdk_required=25

# Prints the major version of the JDK at $1, or nothing if it is not a JDK.
jdk_major() {
  local home="$1" version
  [[ -x "$home/bin/java" && -x "$home/bin/javac" && -r "$home/release" ]] || return 0
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  echo "${version:-0}"
}

# Prints the JDK to use: JAVA_HOME if it is one of version $jdk_required or newer, else the newest
# such JDK in /usr/lib/jvm; nothing if there is none.
find_jdk() {
  local candidate major best="" best_major=0
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major=$(jdk_major "$JAVA_HOME")
    if [[ -n "$major" && "$major" -ge $jdk_required ]]; then
      echo "$JAVA_HOME"
      return
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    major=$(jdk_major "$candidate")
    if [[ -n "$major" && "$major" -ge $jdk_required && "$major" -gt $best_major ]]; then
      best="$candidate" best_major=$major
    fi
  done
  echo "$best"
}

# The line to print when find_jdk finds none.
no_jdk_message="no JDK $jdk_required or newer found (JAVA_HOME, /usr/lib/jvm/*): install one, e.g. 'apt-get install temurin-25-jdk' or from https://adoptium.net"
