package dev.garrison.platform.core;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jackson as every module makes it. Every API call runs on a new virtual thread and Jackson's
 * default buffer pool is per thread, so each call would allocate, zero and drop fresh buffers
 * (8 KB for output, 4 KB and more for text); mappers and factories made here take them from one
 * lock-free pool shared by all threads, virtual or not.
 */
public final class Json {
    private Json() {}

    /** A factory builder whose buffers come from the shared pool; callers add their own features. */
    public static JsonFactoryBuilder factory() {
        return new JsonFactoryBuilder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
    }

    /** An ObjectMapper with Jackson's defaults over such a factory. */
    public static ObjectMapper mapper() {
        return new ObjectMapper(factory().build());
    }
}
