package io.gceemu.catalog;

public record Zone(String name, String id, String region) {
}
