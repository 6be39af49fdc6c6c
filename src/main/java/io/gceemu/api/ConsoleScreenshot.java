package io.gceemu.api;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * {@code instances.getScreenshot}: what a VGA text console would show, drawn from the last lines
 * of the serial console (an emulated VM has no screen), as a base64 PNG like GCE's. Blocking: run
 * off the event loop. Without fonts on the machine the screen stays blank rather than failing.
 */
final class ConsoleScreenshot {

  private static final int WIDTH = 720;
  private static final int HEIGHT = 400;
  private static final int LINE_HEIGHT = 16;
  private static final int ROWS = HEIGHT / LINE_HEIGHT;

  private ConsoleScreenshot() {
  }

  static String png(String console) {
    BufferedImage screen = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D graphics = screen.createGraphics();
    try {
      graphics.setColor(Color.LIGHT_GRAY);
      graphics.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
      List<String> lines = Arrays.asList(console.split("\r?\n"));
      List<String> shown = lines.subList(Math.max(0, lines.size() - ROWS), lines.size());
      for (int row = 0; row < shown.size(); row++) {
        graphics.drawString(shown.get(row), 4, (row + 1) * LINE_HEIGHT - 4);
      }
    } catch (RuntimeException | InternalError | LinkageError noFonts) {
      // A headless machine without fontconfig fonts: the screen is left blank.
    } finally {
      graphics.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(screen, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(png.toByteArray());
  }
}
