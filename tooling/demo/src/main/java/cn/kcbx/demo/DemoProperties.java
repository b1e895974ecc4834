package cn.kcbx.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The demo county switch (see deploy/DEMO.md).
 *
 * @param enabled      load the fictional county 清溪县 when the service starts on an empty store (default false)
 * @param towns        number of towns, 1–40 (default 10)
 * @param casesPerTown cases per town, 1–200 (default 30)
 * @param seed         the random seed: the same seed, size and day give the same county
 */
@ConfigurationProperties("kcbx.demo")
public record DemoProperties(Boolean enabled, Integer towns, Integer casesPerTown, Long seed) {

    public DemoProperties {
        enabled = enabled != null && enabled;
        towns = towns == null ? 10 : towns;
        casesPerTown = casesPerTown == null ? 30 : casesPerTown;
        seed = seed == null ? 20_250_901L : seed;
        if (towns < 1 || towns > DemoCounty.MAX_TOWNS) {
            throw new IllegalArgumentException("kcbx.demo.towns must be 1–" + DemoCounty.MAX_TOWNS + ", was " + towns);
        }
        if (casesPerTown < 1 || casesPerTown > 200) {
            throw new IllegalArgumentException("kcbx.demo.cases-per-town must be 1–200, was " + casesPerTown);
        }
    }
}
