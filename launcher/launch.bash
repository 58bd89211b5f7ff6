# Shared by every launcher (tools/bin/*, countd/bin/*), which sources it; not run on its own.
#
# A launcher finds this file, and with it the repository, through its own resolved path (so it works
# through symlinks and from any folder); a copy of a launcher outside the repository finds it through
# COUNTD_HOME, the repository's folder. Then:
#   launch_jar MODULE JAR SOURCES...  (re)builds MODULE/target/JAR with Maven when it is missing or
#                                     older than any of the SOURCES (paths under the repository),
#                                     saying so on standard error in one line, and prints its path
#   launch_java                       prints the java to run: $JAVA_HOME/bin/java, else java on PATH
#   launch_java_feature JAVA          prints that JDK's feature version (17, 21, 25...)
#   launch_program_name               prints the name the tool was called by, for its messages
#   launch_countd MAIN ARGS...        runs a main class of countd/target/countd.jar
#   launch_countd_server MAIN ARGS... the same for a process that applies or serves keyspaces, with
#                                     the server's heap settings (launch_server_heap)
# Every failure is one line on standard error naming the tool, and exit status 1.

launch_name=${0##*/}
launch_root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)

launch_fail() {
    echo "$launch_name: $*" >&2
    exit 1
}

launch_jar() {
    local module=$1 jar="$launch_root/$1/target/$2"
    shift 2
    local sources=()
    for s in "$@"; do
        sources+=("$launch_root/$s")
    done
    if launch_stale "$jar" "${sources[@]}"; then
        mkdir -p "$launch_root/$module/target" || launch_fail "cannot create $launch_root/$module/target"
        # Concurrent first runs build once: the others wait here, then find the jar fresh.
        exec 9>"$launch_root/$module/target/.build.lock"
        flock 9
        if launch_stale "$jar" "${sources[@]}"; then
            echo "$launch_name: building $module/target/${jar##*/} (sources changed or no jar yet)..." >&2
            command -v mvn >/dev/null 2>&1 || launch_fail "Maven (mvn) is needed to build $jar"
            # Maven 3.8 prints colour resets even in batch mode; keep the terminal clean.
            if ! MAVEN_OPTS="${MAVEN_OPTS:-} $(launch_quiet_jvm_flags "$(launch_java)")" \
                mvn -q -B -f "$launch_root/pom.xml" -pl "$module" -am package -DskipTests \
                -Dmaven.javadoc.skip=true -Dmaven.source.skip=true 2>&1 | sed $'s/\x1b\\[[0-9;]*m//g' >&2; then
                launch_fail "the build failed"
            fi
            [[ -f "$jar" ]] || launch_fail "the build produced no $jar"
            # Maven may leave an unchanged jar untouched; it is fresh now all the same.
            touch "$jar"
        fi
        exec 9>&-
    fi
    printf '%s\n' "$jar"
}

launch_stale() {
    local jar=$1
    shift
    [[ ! -f "$jar" ]] && return 0
    [[ -n "$(find "$@" -newer "$jar" -print -quit 2>/dev/null)" ]]
}

launch_java() {
    local java_bin
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        java_bin="$JAVA_HOME/bin/java"
    elif ! java_bin=$(command -v java); then
        launch_fail "java (17 or later) not found: install a JDK or set JAVA_HOME"
    fi
    readlink -f "$java_bin"
}

launch_java_feature() {
    local home version
    home=$(dirname "$(dirname "$1")")
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)
    if [[ -z "$version" ]]; then
        version=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    fi
    printf '%s\n' "${version:-0}"
}

# Flags for Maven's own JVM: on Java 24 and later, Maven 3.8's libraries make the JVM warn about
# sun.misc.Unsafe and native access, which says nothing about the tool.
launch_quiet_jvm_flags() {
    if (( $(launch_java_feature "$1") >= 24 )); then
        printf '%s\n' "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
    fi
}

# C's tools print argv[0]. A script does not get its caller's argv[0]: run by a name found through
# PATH, it gets the full file name. So a full file name that is exactly what PATH gives for the bare
# name is shown as the bare name, as a C tool called by that name shows it; any other name (./x,
# bin/x, a full path typed out elsewhere) is shown as called.
launch_program_name() {
    if [[ "$0" == /* && "$(command -v -- "$launch_name" 2>/dev/null)" == "$0" ]]; then
        printf '%s\n' "$launch_name"
    else
        printf '%s\n' "$0"
    fi
}

# Lets the engine tell the JDK that its file channels ignore interrupts (an interrupt would otherwise
# close a database's descriptor and drop its lock), which also makes each pread a little cheaper;
# without it the engine still works, shielded less (io.countd.engine.InterruptSafeChannel).
launch_channel_exports="--add-exports java.base/sun.nio.ch=ALL-UNNAMED"

# The heap of a process that applies or serves keyspaces: 1 GiB committed and touched at start (it
# grows beyond that as the JVM decides). Otherwise the collector itself faults the pages in, as
# system time inside its young pauses, when it first copies the rank trees' new nodes into them:
# a quarter of the pauses' time under bench-compare's load (BENCHMARKS.md). Touching only the
# JVM's default initial heap would touch every later growth inside a pause, which is far worse.
# COUNTD_JAVA_OPTS comes after these, so "-Xms128m -XX:-AlwaysPreTouch" there undoes them.
launch_server_heap="-Xms1g -XX:+AlwaysPreTouch"

launch_countd() {
    launch_countd_with "" "$@"
}

launch_countd_server() {
    launch_countd_with "$launch_server_heap" "$@"
}

launch_countd_with() {
    local flags=$1 main=$2 jar java_bin
    shift 2
    jar=$(launch_jar countd countd.jar pom.xml engine/pom.xml engine/src/main client/pom.xml client/src/main \
        countd/pom.xml countd/src/main) || exit 1
    java_bin=$(launch_java) || exit 1
    # Netty loads its epoll library through JNI, which Java 24 and later warn about unless native
    # access is enabled; Java 17 accepts the flag as well.
    # shellcheck disable=SC2086
    exec "$java_bin" -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED $launch_channel_exports \
        $flags ${COUNTD_JAVA_OPTS:-} \
        -cp "$jar" "$main" "$@"
}
