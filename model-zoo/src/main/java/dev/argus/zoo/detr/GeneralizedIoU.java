package dev.argus.zoo.detr;

/**
 * Generalised IoU of two boxes given as (cx, cy, w, h): IoU − (C − U)/C, with C the smallest box holding
 * both. Unlike IoU it still says how far apart two disjoint boxes are, which the set loss needs early
 * in training when predicted boxes overlap nothing. The gradient is written out for the loss (the loss
 * lives outside the SameDiff graph, after the Hungarian matching).
 */
final class GeneralizedIoU {

    private GeneralizedIoU() {
    }

    static double of(double[] a, double[] b) {
        return evaluate(a, b, null);
    }

    /** GIoU, and its gradient ∂GIoU/∂(cx, cy, w, h) of {@code a} ({@code b} fixed) written into {@code grad}. */
    static double withGradient(double[] a, double[] b, double[] grad) {
        return evaluate(a, b, grad);
    }

    private static double evaluate(double[] a, double[] b, double[] grad) {
        double ax1 = a[0] - a[2] / 2, ax2 = a[0] + a[2] / 2, ay1 = a[1] - a[3] / 2, ay2 = a[1] + a[3] / 2;
        double bx1 = b[0] - b[2] / 2, bx2 = b[0] + b[2] / 2, by1 = b[1] - b[3] / 2, by2 = b[1] + b[3] / 2;
        double iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
        double ih = Math.min(ay2, by2) - Math.max(ay1, by1);
        boolean overlap = iw > 0 && ih > 0;
        double inter = overlap ? iw * ih : 0;
        double areaA = (ax2 - ax1) * (ay2 - ay1);
        double union = areaA + (bx2 - bx1) * (by2 - by1) - inter;
        double cw = Math.max(ax2, bx2) - Math.min(ax1, bx1);
        double ch = Math.max(ay2, by2) - Math.min(ay1, by1);
        double hull = cw * ch;
        double giou = inter / union - (hull - union) / hull;
        if (grad == null) {
            return giou;
        }
        // GIoU = I/U − 1 + U/C, U = A + B − I:
        // dGIoU = dI·(1/U + I/U² − 1/C) + dA·(1/C − I/U²) − dC·U/C²
        double kI = 1 / union + inter / (union * union) - 1 / hull;
        double kA = 1 / hull - inter / (union * union);
        double kC = -union / (hull * hull);
        // partials of I, A and C in a's corners (x1, x2, y1, y2)
        double dIx1 = overlap && ax1 > bx1 ? -ih : 0, dIx2 = overlap && ax2 < bx2 ? ih : 0;
        double dIy1 = overlap && ay1 > by1 ? -iw : 0, dIy2 = overlap && ay2 < by2 ? iw : 0;
        double ha = ay2 - ay1, wa = ax2 - ax1;
        double dCx1 = ax1 < bx1 ? -ch : 0, dCx2 = ax2 > bx2 ? ch : 0;
        double dCy1 = ay1 < by1 ? -cw : 0, dCy2 = ay2 > by2 ? cw : 0;
        double gx1 = kI * dIx1 + kA * -ha + kC * dCx1;
        double gx2 = kI * dIx2 + kA * ha + kC * dCx2;
        double gy1 = kI * dIy1 + kA * -wa + kC * dCy1;
        double gy2 = kI * dIy2 + kA * wa + kC * dCy2;
        // x1 = cx − w/2, x2 = cx + w/2
        grad[0] = gx1 + gx2;
        grad[1] = gy1 + gy2;
        grad[2] = (gx2 - gx1) / 2;
        grad[3] = (gy2 - gy1) / 2;
        return giou;
    }
}
