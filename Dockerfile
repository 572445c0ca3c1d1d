# syntax=docker/dockerfile:1
# Small static image of heygen-mcp. stdio by default:
#   docker run -i --rm -e HEYGEN_API_KEY ghcr.io/heygen-mcp/heygen-mcp
# Streamable HTTP (see README "Remote (HTTP)"; binding 0.0.0.0 needs an endpoint token):
#   docker run --rm -p 127.0.0.1:8080:8080 -e HEYGEN_MCP_AUTH_TOKEN ghcr.io/heygen-mcp/heygen-mcp \
#     --transport http --addr 0.0.0.0:8080

FROM golang:1.26-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
# go.mod replaces mcp-go with the patched copy in third_party/ (docs/DESIGN.md).
COPY third_party ./third_party
RUN go mod download
# .dockerignore keeps .cache/ (Node tools), .git and build output out.
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/heygen-mcp . \
 && /out/heygen-mcp --version

# distroless/static: no shell, no package manager, CA certificates for
# https://api.heygen.com, and a non-root user (uid 65532).
FROM gcr.io/distroless/static-debian12:nonroot
LABEL io.modelcontextprotocol.server.name="io.github.heygen-mcp/heygen-mcp" \
      org.opencontainers.image.title="heygen-mcp" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.description="MCP server for HeyGen's Video Agent API (stdio and streamable HTTP)" \
      org.opencontainers.image.source="https://github.com/heygen-mcp/heygen-mcp"
COPY --from=build /out/heygen-mcp /usr/local/bin/heygen-mcp
USER nonroot:nonroot
# Only used with --transport http --addr 0.0.0.0:8080; probe GET /healthz.
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/heygen-mcp"]
