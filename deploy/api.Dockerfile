# WildFly 39 with the PostgreSQL module, the Boxcar data source and the API WAR.
FROM boxcar/build:latest AS build

FROM quay.io/wildfly/wildfly:39.0.1.Final-jdk17
USER root
COPY --from=build /root/.m2/repository/org/postgresql/postgresql/ /tmp/pg/
# The same configuration ./boxcar applies to its WildFly (deploy/wildfly/).
COPY deploy/wildfly/configure.cli deploy/wildfly/postgresql-module.xml /tmp/wildfly/
RUN set -eu; module=/opt/jboss/wildfly/modules/org/postgresql/main; mkdir -p "$module"; \
    cp "$(find /tmp/pg -name 'postgresql-*.jar' ! -name '*sources*' | sort -V | tail -1)" "$module/postgresql.jar"; \
    cp /tmp/wildfly/postgresql-module.xml "$module/module.xml"; \
    /opt/jboss/wildfly/bin/jboss-cli.sh --file=/tmp/wildfly/configure.cli; \
    rm -rf /tmp/pg /tmp/wildfly /opt/jboss/wildfly/standalone/configuration/standalone_xml_history; \
    chown -R jboss:jboss /opt/jboss/wildfly
COPY --from=build --chown=jboss:jboss /src/api-war/target/boxcar.war /opt/jboss/wildfly/standalone/deployments/boxcar.war
USER jboss
EXPOSE 8080
ENV MALLOC_ARENA_MAX=2 \
    JBOSS_JAVA_SIZING="-Xms64m -Xmx384m -XX:MaxMetaspaceSize=256m -XX:ReservedCodeCacheSize=96m"
# BOXCAR_LOG_FORMAT=json: JSON lines on the console (the same switch as ./boxcar's start_wildfly).
CMD ["/bin/sh", "-c", "if [ \"${BOXCAR_LOG_FORMAT:-text}\" = json ]; then set -- -Dboxcar.log.text.level=OFF -Dboxcar.log.json.level=INFO; fi; exec /opt/jboss/wildfly/bin/standalone.sh -b 0.0.0.0 -bmanagement 127.0.0.1 \"$@\"", "api"]
