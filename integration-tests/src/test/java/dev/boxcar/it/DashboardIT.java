package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard at {@code /ui} in a real browser: Debian's chromium, headless, driven by its own
 * chromedriver (never a downloaded browser; Selenium Manager stays offline). A tenant signs in
 * with its token, watches a batch it submitted through the API finish, and reads a job's output
 * and test cases; output that looks like markup stays text.
 */
class DashboardIT {
    /** What a hostile program prints: it must show as these characters, never become elements. */
    private static final String HOSTILE = "<img src=x onerror=\"window.boxcarXss=1\"><script>window.boxcarXss=2</script>";
    private static final Duration DEADLINE = Duration.ofSeconds(180);

    private final RawApi alice = RawApi.tenantA();
    private ChromeDriver browser;
    private WebDriverWait wait;
    private Path profile;

    private static String setting(String property, String fallback) {
        String value = System.getProperty(property);
        return value == null || value.isBlank() ? fallback : value;
    }

    @BeforeEach
    void openBrowser() throws IOException {
        // Selenium Manager must never fetch a driver or a browser: both are given below.
        System.setProperty("SE_OFFLINE", "true");
        File chromium = new File(setting("boxcar.chromium", "/usr/bin/chromium"));
        File chromedriver = new File(setting("boxcar.chromedriver", "/usr/bin/chromedriver"));
        if (!chromium.canExecute() || !chromedriver.canExecute()) {
            fail("the dashboard test needs Debian's chromium and chromium-driver (" + chromium + ", " + chromedriver
                    + "); ./boxcar test installs them");
        }
        profile = Files.createTempDirectory("boxcar-dashboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1280,1100", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, DEADLINE, Duration.ofMillis(200));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void aTenantWatchesItsBatchFinishAndReadsAJobsOutputAndTestCases() {
        JsonArray sumTests = Json.createArrayBuilder()
                .add(testCase("small", "1 2\n", "3\n"))
                .add(testCase("negative", "-5 3\n", "-2\n"))
                .build();
        String body = Json.createObjectBuilder().add("jobs", Json.createArrayBuilder()
                .add(pythonSuite("a, b = map(int, input().split())\nprint(a + b)\n", sumTests))
                .add(pythonSuite("a, b = map(int, input().split())\nprint(a * b)\n", sumTests))
                .add(Json.createObjectBuilder().add("command", "python3 hostile.py")
                        .add("files", Json.createArrayBuilder().add(Json.createObjectBuilder()
                                .add("path", "hostile.py")
                                .add("content", "import sys\nprint(" + pythonString(HOSTILE) + ")\n"
                                        + "print(" + pythonString(HOSTILE) + ", file=sys.stderr)\n")))))
                .build().toString();
        ApiResponse created = alice.post("/api/v1/batches", body);
        assertEquals(202, created.status(), created::toString);
        String batchId = created.json().getString("id");
        List<String> jobIds = created.json().getJsonArray("jobIds").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList();

        signIn();
        WebElement batchLink = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("tr[data-batch='" + batchId + "'] a")));
        batchLink.click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("batch-progress"), "3 / 3"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("batch-progress"), "done"));
        assertEquals("1", verdictCount("accepted"));
        assertEquals("1", verdictCount("wrong_answer"));
        assertEquals("0", verdictCount("runtime_error"));
        WebElement firstJob = browser.findElement(By.cssSelector("#batch-jobs tr[data-job='" + jobIds.get(0) + "']"));
        assertTrue(firstJob.getText().contains("2 / 2 accepted"), firstJob.getText());
        screenshot("dashboard.png");

        firstJob.findElement(By.tagName("a")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-verdict"), "accepted"));
        WebElement cases = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("test-cases")));
        assertTrue(cases.findElement(By.cssSelector("tr[data-test='small']")).getText().contains("accepted"));
        assertTrue(cases.findElement(By.cssSelector("tr[data-test='negative']")).getText().contains("accepted"));
        assertEquals(2, cases.findElements(By.cssSelector("tbody tr")).size());
        assertEquals("-2", browser.findElement(By.id("stdout")).getText().strip(),
                "the job's stdout (of its last run) is shown");

        // Back to the batch through the page's own link, then the job whose output is markup.
        browser.findElement(By.cssSelector(".crumbs a[href='#/batches/" + batchId + "']")).click();
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#batch-jobs tr[data-job='" + jobIds.get(2) + "'] a"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("stdout"), "window.boxcarXss"));
        assertEquals(HOSTILE, browser.findElement(By.id("stdout")).getText().strip());
        assertEquals(HOSTILE, browser.findElement(By.id("stderr")).getText().strip());
        assertTrue(browser.findElements(By.cssSelector("main img, main script")).isEmpty(),
                "output that looks like markup never becomes elements");
        assertEquals(Boolean.TRUE, script("return window.boxcarXss === undefined"));

        // The token lives in this tab's sessionStorage only: not in the URL, not in localStorage.
        assertFalse(browser.getCurrentUrl().contains(TestEnvironment.tokenA()));
        assertEquals(0L, script("return localStorage.length"));
        assertEquals(TestEnvironment.tokenA(), script("return sessionStorage.getItem('boxcar.token')"));
        assertNoPolicyViolations();
    }

    @Test
    void aRunningJobsOutputShowsLiveAsTheProgramWroteIt() {
        String jobId = Jobs.startInSandbox(alice, TestEnvironment.sandboxId("dashboard-live"),
                ExecRequest.command(JobStreamIT.PRINT_EXACT_OUTPUT + "; sleep 120").timeoutMs(180_000));
        try {
            signIn();
            script("location.hash = '#/jobs/" + jobId + "'");
            wait.until(d -> JobStreamIT.EXACT_OUTPUT.equals(script("return document.getElementById('stdout')?.textContent")));
            assertEquals("Output so far", browser.findElement(By.id("output-title")).getText(),
                    "the output came from the live stream, not the finished job");
            assertNoPolicyViolations();
        } finally {
            alice.delete("/api/v1/jobs/" + jobId);
        }
    }

    @Test
    void sandboxesShowTheirProcessesAndLogs() {
        String sandbox = TestEnvironment.sandboxId("dashboard");
        ApiResponse started = alice.post("/api/v1/sandboxes/" + sandbox + "/processes",
                "{\"command\":\"echo started-" + sandbox + "; sleep 300\",\"name\":\"web\"}");
        assertEquals(202, started.status(), started::toString);
        try {
            signIn();
            browser.findElement(By.cssSelector("nav a[href='#/sandboxes']")).click();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector("tr[data-sandbox='" + sandbox + "'] a"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector("#processes tr[data-process='" + started.json().getString("id") + "'] a"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("process-stdout"), "started-" + sandbox));
            assertNoPolicyViolations();
        } finally {
            alice.delete("/api/v1/sandboxes/" + sandbox + "/processes/web?signal=KILL");
        }
    }

    @Test
    void theDashboardIsServedUnderAStrictContentSecurityPolicy() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        for (String file : List.of("/ui/", "/ui/app.js")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(TestEnvironment.apiUrl() + file))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), file);
            String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.contains("default-src 'self'"), file + ": " + policy);
            assertTrue(policy.contains("frame-ancestors 'none'"), file + ": " + policy);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null), file);
            assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse(null), file);
        }
    }

    private void signIn() {
        browser.get(TestEnvironment.apiUrl() + "/ui/");
        WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        token.sendKeys(TestEnvironment.tokenA());
        browser.findElement(By.cssSelector("#login-form button[type='submit']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("nav[aria-label='Main']")));
    }

    private String verdictCount(String verdict) {
        return browser.findElement(By.cssSelector("#verdict-counts tr[data-verdict='" + verdict + "'] td")).getText();
    }

    private Object script(String source) {
        return ((JavascriptExecutor) browser).executeScript(source);
    }

    /** The page runs under its Content-Security-Policy: nothing it does may be refused by it. */
    private void assertNoPolicyViolations() {
        List<String> refused = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
                .toList();
        assertTrue(refused.isEmpty(), refused::toString);
    }

    /** Saves a screenshot when asked: {@code -Dboxcar.screenshots=DIR} (relative to the repository root). */
    private void screenshot(String name) {
        String dir = System.getProperty("boxcar.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path target = Path.of(dir);
        if (!target.isAbsolute()) {
            target = Path.of(System.getProperty("user.dir")).getParent().resolve(dir);
        }
        try {
            Files.createDirectories(target);
            Files.write(target.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException("could not save the screenshot in " + target, e);
        }
    }

    private static JsonObject pythonSuite(String source, JsonArray tests) {
        return Json.createObjectBuilder()
                .add("command", "python3 sum.py")
                .add("files", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("path", "sum.py").add("content", source)))
                .add("tests", tests)
                .build();
    }

    /** A Python string literal of {@code text} (JSON's escapes are Python's too). */
    private static String pythonString(String text) {
        return Json.createValue(text).toString();
    }

    private static jakarta.json.JsonObject testCase(String name, String stdin, String expected) {
        return Json.createObjectBuilder().add("name", name).add("stdin", stdin).add("expectedStdout", expected).build();
    }
}
