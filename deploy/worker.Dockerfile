# A Boxcar worker: the shaded jar and the agent binary it bind-mounts into sandbox containers.
# The agent binary is copied to a host-visible folder at start (see compose.yaml) because Docker
# resolves bind-mount sources on the host, not inside this container.
FROM boxcar/build:latest AS build

FROM eclipse-temurin:17-jre
COPY --from=build /src/worker/target/boxcar-worker.jar /opt/boxcar/boxcar-worker.jar
COPY --from=build /src/agent/target/boxcar-agent /opt/boxcar/boxcar-agent
ENV BOXCAR_AGENT_BINARY=/var/lib/boxcar/bin/boxcar-agent \
    BOXCAR_AGENT_SOCKET_DIR=/var/lib/boxcar/agent
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["/bin/sh", "-c", "mkdir -p /var/lib/boxcar/bin && cp /opt/boxcar/boxcar-agent /var/lib/boxcar/bin/boxcar-agent.new && mv -f /var/lib/boxcar/bin/boxcar-agent.new /var/lib/boxcar/bin/boxcar-agent && exec java -Xms32m -Xmx192m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1 -jar /opt/boxcar/boxcar-worker.jar \"$@\"", "worker"]
