package dev.argus.zoo;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrecisionTest {

    @Test
    void theCpuBackendThisJvmLoadedRefusesFp16WithAReason() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                Precision.FP16::requireSupportedHere);
        assertTrue(e.getMessage().contains("fp16 inference needs the CUDA backend"), e.getMessage());
        assertTrue(e.getMessage().contains("CpuBackend"), e.getMessage());
        assertTrue(e.getMessage().contains("Use fp32 on CPU"), e.getMessage());
    }

    @Test
    void fp32RunsEverywhere() {
        assertDoesNotThrow(Precision.FP32::requireSupportedHere);
        assertDoesNotThrow(() -> Precision.FP32.requireSupportedBy("CudaBackend"));
    }

    @Test
    void fp16IsAllowedOnTheCudaBackend() {
        assertDoesNotThrow(() -> Precision.FP16.requireSupportedBy("CudaBackend"));
    }

    @Test
    void parsesWhatUsersTypeAndNamesWhatItCannot() {
        assertEquals(Precision.FP16, Precision.parse(" fp16 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("int8"));
        assertEquals("precision must be fp32 or fp16, got 'int8'", e.getMessage());
    }
}
