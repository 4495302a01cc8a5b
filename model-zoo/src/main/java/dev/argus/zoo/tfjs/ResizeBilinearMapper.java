package dev.argus.zoo.tfjs;

import org.nd4j.autodiff.samediff.SDVariable;

/** ResizeBilinear (NHWC) to a constant size, honouring align_corners and half_pixel_centers. */
final class ResizeBilinearMapper implements OpMapper {

    @Override
    public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
        long[] size = g.staticLongs(node, 1, "size");
        if (size.length != 2) {
            throw new TfjsImportException(node + ": size must be [height, width], got " + size.length + " values");
        }
        boolean alignCorners = node.attrs().flag("align_corners", false);
        boolean halfPixel = node.attrs().flag("half_pixel_centers", false);
        return new SDVariable[] {g.sd().image().resizeBiLinear(g.var(node, 0), (int) size[0], (int) size[1],
                alignCorners, halfPixel)};
    }
}
