package dev.recurrent.spark;

import dev.recurrent.model.Sequential;
import org.apache.spark.broadcast.Broadcast;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models of one executor JVM: one instance per task thread, loaded once from a broadcast
 * model file and then reused by every task that thread runs, so that no model is shared between
 * threads. Keyed by the broadcast's id; models of broadcasts no longer used are dropped.
 */
final class ExecutorModels {
    /** Broadcasts whose models are kept at once (a training run and a scoring job, for instance). */
    private static final int KEPT = 4;
    private static final Map<Long, ThreadLocal<Sequential>> MODELS = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    /** This thread's model of the broadcast model file, loaded on first use. */
    static Sequential forThread(Broadcast<byte[]> modelFile) {
        long id = modelFile.id();
        ThreadLocal<Sequential> local = MODELS.computeIfAbsent(id, k -> {
            dropOldest();
            return ThreadLocal.withInitial(() -> ModelBytes.load(modelFile.value()).model());
        });
        return local.get();
    }

    private static void dropOldest() {
        while (MODELS.size() >= KEPT) {
            Iterator<Long> ids = MODELS.keySet().iterator();
            long oldest = Long.MAX_VALUE;
            while (ids.hasNext()) {
                oldest = Math.min(oldest, ids.next());
            }
            MODELS.remove(oldest);
        }
    }
}
