package io.gceemu.console;

import io.gceemu.support.ExternalTools;
import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console in a real headless browser (Debian's chromium and chromedriver): an instance
 * created through the API appears without a reload, the Stop button takes it to TERMINATED as the
 * zone reports it, and the page works at phone width. Leaves a screenshot in target/.
 *
 * <p>On a machine without the browser the test is skipped, saying what to install, so that a first
 * {@code mvn -B verify} passes; {@code GCE_EMU_REQUIRE_TOOLS=1} (set by {@code .ci/run}) makes
 * a missing browser a failure instead.
 */
class ConsoleBrowserTest {

  private static final String ZONE = "us-central1-a";
  private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private WebDriver browser;

  @BeforeEach
  void openBrowser() {
    assumeBrowserIsInstalled();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString())
      .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void anInstanceCreatedThroughTheApiAppearsLiveAndStopsFromItsButton() throws Exception {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instanceWithEverything("first-vm", ZONE));
    browser.get(EMULATOR.baseUrl() + "/console/?project=" + project);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-instance='first-vm']")));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));

    // Created after the page loaded: it must appear through the event stream, without a reload.
    http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("web-1", ZONE));
    By row = By.cssSelector("tr[data-instance='web-1']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(row));
    assertEquals("RUNNING", browser.findElement(row).findElement(By.cssSelector(".status")).getText());

    browser.findElement(row).findElement(By.cssSelector("button[data-action='stop']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-instance='web-1'] .status"), "TERMINATED"));
    assertEquals("TERMINATED", http.get(Http.zonePath(project, ZONE) + "/instances/web-1").json().getString("status"));
    screenshot("console.png");

    browser.findElement(By.cssSelector("a[data-open='first-vm']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("json"), "\"name\": \"first-vm\""));
    WebElement operations = browser.findElement(By.id("operations"));
    assertTrue(operations.getText().contains("insert"), operations.getText());
    screenshot("console-detail.png");

    browser.manage().window().setSize(new Dimension(390, 844));
    WebElement phoneRow = browser.findElement(row);
    assertTrue(phoneRow.getSize().getWidth() <= 390, "rows fit a phone's width");
    screenshot("console-phone.png");
  }

  /** A project's disks, snapshots and images are shown too, and a snapshot made later appears live. */
  @Test
  void theProjectsDisksSnapshotsAndImagesAreShownAndKeptCurrent() {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("vm", ZONE));
    browser.get(EMULATOR.baseUrl() + "/console/?project=" + project);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    By boot = By.cssSelector("tr[data-disks='vm']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(boot));
    assertTrue(browser.findElement(boot).getText().contains("debian-12-bookworm-v20261118"), browser.findElement(boot).getText());
    assertTrue(browser.findElement(boot).getText().contains("vm"), "the instance using it");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));

    http.post(Http.zonePath(project, ZONE) + "/disks/vm/createSnapshot", new JsonObject().put("name", "snap"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-snapshots='snap']")));
    http.post("/compute/v1/projects/" + project + "/global/images", new JsonObject().put("name", "img")
      .put("sourceSnapshot", "global/snapshots/snap").put("family", "fam"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-images='img']"), "fam"));
  }

  /** The project's networks, subnetworks and firewall rules are shown, the default network's first of all. */
  @Test
  void theProjectsNetworksSubnetworksAndFirewallRulesAreShown() {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    http.post("/compute/v1/projects/" + project + "/global/networks", new JsonObject().put("name", "vpc").put("autoCreateSubnetworks", false));
    http.post("/compute/v1/projects/" + project + "/regions/us-east1/subnetworks", new JsonObject().put("name", "apps")
      .put("network", "global/networks/vpc").put("ipCidrRange", "10.9.0.0/24"));
    browser.get(EMULATOR.baseUrl() + "/console/?project=" + project);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-networks='default']"), "auto"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-networks='vpc']"), "custom"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-subnetworks='apps']"), "10.9.0.0/24"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-firewalls='default-allow-ssh']"), "tcp:22"));
  }

  /** Templates and managed groups are shown, a group's members and its work in progress live, as it resizes. */
  @Test
  void theProjectsTemplatesAndGroupsAreShownLive() {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    http.post("/compute/v1/projects/" + project + "/global/instanceTemplates", new JsonObject().put("name", "web-template")
      .put("properties", new JsonObject().put("machineType", "e2-small")));
    http.post(Http.zonePath(project, ZONE) + "/instanceGroupManagers", new JsonObject().put("name", "web")
      .put("instanceTemplate", "global/instanceTemplates/web-template").put("targetSize", 2));
    browser.get(EMULATOR.baseUrl() + "/console/?project=" + project);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-templates='web-template']"), "e2-small"));
    By group = By.cssSelector("tr[data-groups='web']");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(group, "yes"));
    http.post(Http.zonePath(project, ZONE) + "/instanceGroupManagers/web/resize?size=3", "");
    wait.until(driver -> driver.findElement(group).getText().contains("3") && driver.findElement(group).getText().contains("yes")
      && driver.findElement(group).findElements(By.tagName("td")).get(4).getText().equals("3"));
  }

  private static void assumeBrowserIsInstalled() {
    List<String> missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(path -> !Files.isExecutable(path)).map(Path::toString).toList();
    String message = "the console's browser test needs " + String.join(" and ", missing)
      + ": apt-get install chromium chromium-driver (or name them with -Dchromium.binary= and -Dchromedriver=)";
    ExternalTools.assumeInstalled("ConsoleBrowserTest", missing.isEmpty() ? null : message);
  }

  private void screenshot(String name) throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
  }
}
