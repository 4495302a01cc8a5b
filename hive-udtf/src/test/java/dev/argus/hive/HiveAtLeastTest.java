package dev.argus.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.hadoop.hive.ql.exec.FunctionRegistry;
import org.apache.hadoop.hive.serde2.typeinfo.PrimitiveTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoUtils;
import org.junit.jupiter.api.Test;

/**
 * HiveAtLeast works out Hive's common comparison type itself, because FunctionRegistry cannot be loaded
 * in Spark; here, with Hive 4's FunctionRegistry loadable, the two must agree for every pair of types a
 * score and a threshold can have.
 */
class HiveAtLeastTest {

    private static final List<String> NUMBER_TYPES = List.of("tinyint", "smallint", "int", "bigint", "float",
            "double", "decimal(1,1)", "decimal(3,2)", "decimal(5,3)", "decimal(10,0)", "decimal(38,18)");

    @Test
    void commonNumericTypeIsFunctionRegistrysForEveryPairOfNumberTypes() {
        for (String a : NUMBER_TYPES) {
            for (String b : NUMBER_TYPES) {
                PrimitiveTypeInfo left = (PrimitiveTypeInfo) TypeInfoUtils.getTypeInfoFromTypeString(a);
                PrimitiveTypeInfo right = (PrimitiveTypeInfo) TypeInfoUtils.getTypeInfoFromTypeString(b);
                if (left.getPrimitiveCategory() != right.getPrimitiveCategory()) {
                    assertEquals(FunctionRegistry.getCommonClassForComparison(left, right),
                            HiveAtLeast.commonNumericType(left, right), a + " vs " + b);
                }
            }
        }
        // the case the issue is about: a FLOAT score against a DECIMAL literal is compared as a FLOAT
        assertEquals("float", HiveAtLeast.commonNumericType(
                (PrimitiveTypeInfo) TypeInfoUtils.getTypeInfoFromTypeString("float"),
                (PrimitiveTypeInfo) TypeInfoUtils.getTypeInfoFromTypeString("decimal(1,1)")).getTypeName());
    }
}
