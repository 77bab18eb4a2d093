package org.vigil.ingest.event;

/**
 * A named site. Coordinates are optional and carry their own precision, because a camp's gate and "Diyala
 * province" are not the same claim.
 */
public record Place(String name, String region, String country, Double latitude, Double longitude,
                    CoordinatePrecision coordinatePrecision) {

    public enum CoordinatePrecision { EXACT, SITE, SETTLEMENT, REGION, COUNTRY }

    public static Place named(String name, String region, String country) {
        return new Place(name, region, country, null, null, null);
    }
}
