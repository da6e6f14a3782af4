package dev.boxcar.api.preview;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A WebSocket (or any other upgraded protocol) after the sandbox's server said 101: bytes pass
 * both ways untouched until either side closes; then both are closed.
 */
public class PreviewTunnel implements HttpUpgradeHandler {
    private PreviewConnection connection;
    private OpenPreviews previews;

    void attach(PreviewConnection connection, OpenPreviews previews) {
        this.connection = connection;
        this.previews = previews;
    }

    @Override
    public void init(WebConnection client) {
        try {
            connection.streaming();
            InputStream fromClient = client.getInputStream();
            OutputStream toClient = client.getOutputStream();
            previews.execute(() -> pipe(fromClient, connection.out(), client));
            previews.execute(() -> pipe(connection.in(), toClient, client));
        } catch (IOException e) {
            end(client);
        }
    }

    private void pipe(InputStream from, OutputStream to, WebConnection client) {
        try {
            ProxiedResponse.copy(from, to);
        } catch (IOException | RuntimeException e) {
            // one side went away: the tunnel is over
        } finally {
            end(client);
        }
    }

    private void end(WebConnection client) {
        connection.close();
        try {
            client.close();
        } catch (Exception ignored) {
            // already closed by the other pipe
        }
    }

    @Override
    public void destroy() {
        if (connection != null) {
            connection.close();
        }
    }
}
