package dev.argus.zoo.tfjs;

import org.nd4j.autodiff.samediff.SDVariable;

/** Turns one GraphDef node into SameDiff ops, returning the node's outputs in TF order. */
@FunctionalInterface
interface OpMapper {

    SDVariable[] map(GraphNode node, GraphBuilder graph) throws TfjsImportException;
}
