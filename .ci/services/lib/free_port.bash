# free_port: prints a TCP port on 127.0.0.1 that nothing listens on (sourced by the service
# scripts beside this folder; not a service itself, so .ci/run does not source it).
free_port() {
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    return 1
}
