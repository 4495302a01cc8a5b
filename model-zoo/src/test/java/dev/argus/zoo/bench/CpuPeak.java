package dev.argus.zoo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This CPU's peak FP32 throughput: cores x clock x FLOPs per cycle, the last from its vector units as
 * /proc/cpuinfo's flags show them. Two FMA pipes per core (Zen 4/5, Intel since Haswell) each do
 * (vector width / 32) fused multiply-adds = 2 FLOPs per lane: 64 FLOPs/cycle with AVX-512 (Zen 5 has a
 * full-width 512-bit datapath), 32 with AVX2+FMA, 8 with SSE alone.
 */
record CpuPeak(int cores, double ghz, int flopsPerCycle, String vectorUnits) {

    static CpuPeak detect() {
        int cores = Runtime.getRuntime().availableProcessors();
        double mhz = 0;
        String flags = "";
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("cpu MHz") && mhz == 0) {
                    mhz = Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("flags") && flags.isEmpty()) {
                    flags = " " + line.substring(line.indexOf(':') + 1).trim() + " ";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the ratio column is then left out
        }
        if (flags.contains(" avx512f ")) {
            return new CpuPeak(cores, mhz / 1000, 64, "AVX-512 FMA x2");
        }
        if (flags.contains(" avx2 ") && flags.contains(" fma ")) {
            return new CpuPeak(cores, mhz / 1000, 32, "AVX2 FMA x2");
        }
        return new CpuPeak(cores, mhz / 1000, 8, "SSE");
    }

    double gflops() {
        return cores * ghz * flopsPerCycle;
    }

    @Override
    public String toString() {
        return String.format("%d cores x %.2f GHz x %d FLOP/cycle (%s) = %.0f GFLOP/s", cores, ghz, flopsPerCycle,
                vectorUnits, gflops());
    }
}
