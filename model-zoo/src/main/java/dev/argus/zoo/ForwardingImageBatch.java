package dev.argus.zoo;

import dev.argus.zoo.preprocess.EncodedImage;
import java.util.List;

/**
 * A batch that hands every call to another one; a wrapper overrides only what it adds to (a lock around
 * the network call, a count, an injected fault), so the wrapped batch keeps decoding the way it does.
 */
public abstract class ForwardingImageBatch implements ImageBatch {

    private final ImageBatch delegate;

    protected ForwardingImageBatch(ImageBatch delegate) {
        this.delegate = delegate;
    }

    @Override
    public int capacity() {
        return delegate.capacity();
    }

    @Override
    public void put(int slot, EncodedImage image) {
        delegate.put(slot, image);
    }

    @Override
    public List<List<Detection>> detect(int[] slots) {
        return delegate.detect(slots);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
