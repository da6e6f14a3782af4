# Builds every Boxcar artifact from source (for registry-connected deployments; compose.yaml).
# Locally, ./boxcar up builds the same artifacts with the machine's Maven and Go instead.
FROM maven:3.9-eclipse-temurin-17 AS build
RUN apt-get update && apt-get install -y --no-install-recommends golang-go && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN mvn -q -B -DskipTests package
