package dev.kiln.tensorboard;

import com.google.protobuf.ByteString;
import dev.kiln.tensor.DType;
import dev.kiln.tensorboard.proto.AttrValue;
import dev.kiln.tensorboard.proto.GraphDef;
import dev.kiln.tensorboard.proto.NodeDef;
import dev.kiln.tensorboard.proto.TensorShapeProto;
import dev.kiln.tensorboard.proto.VersionDef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A computation graph as TensorBoard's Graphs dashboard shows it: named nodes, each with an op, the
 * names of its input nodes, and optionally its output shape, dtype and a free-form attribute
 * string. Slash-separated names ({@code "encoder/linear1/matmul"}) become collapsible groups. A
 * module tree or a tracer produces one; {@link SummaryWriter#addGraph} writes it as a GraphDef the
 * way PyTorch does ({@code _output_shapes} and {@code attr} node attributes).
 *
 * <pre>{@code
 * var graph = new GraphDescription(List.of(
 *     GraphDescription.Node.input("input", new int[] {8, 784}, DType.FLOAT32),
 *     new GraphDescription.Node("fc1/linear", "aten::linear", List.of("input"),
 *         new int[] {8, 128}, DType.FLOAT32, "{out_features : 128}")));
 * writer.addGraph(graph);
 * }</pre>
 *
 * @param nodes the nodes; inputs must name nodes of this graph
 */
public record GraphDescription(List<Node> nodes) {
  /** The GraphDef producer version PyTorch writes. */
  static final int PRODUCER_VERSION = 22;

  /**
   * One node.
   *
   * @param name unique, slash-separated scope path
   * @param op the operation, e.g. {@code "aten::linear"} or {@code "IO Node"}
   * @param inputs names of the nodes feeding this one
   * @param outputShape the output's shape, or null if unknown
   * @param dtype the output's dtype, or null if unknown
   * @param attributes free-form text shown in the node's info card ("" for none)
   */
  public record Node(
      String name,
      String op,
      List<String> inputs,
      int[] outputShape,
      DType dtype,
      String attributes) {
    /** Copies the lists and the shape. */
    public Node {
      inputs = List.copyOf(inputs);
      outputShape = outputShape == null ? null : outputShape.clone();
    }

    /** A graph input ({@code op = "IO Node"}) of the given shape and dtype. */
    public static Node input(String name, int[] shape, DType dtype) {
      return new Node(name, "IO Node", List.of(), shape, dtype, "");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Node n
          && name.equals(n.name)
          && op.equals(n.op)
          && inputs.equals(n.inputs)
          && Arrays.equals(outputShape, n.outputShape)
          && dtype == n.dtype
          && attributes.equals(n.attributes);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(outputShape);
    }

    @Override
    public String toString() {
      return "Node[" + name + " = " + op + inputs + " -> " + Arrays.toString(outputShape) + "]";
    }
  }

  /**
   * Checks that names are unique and every input names a node.
   *
   * @throws IllegalArgumentException naming the offending node otherwise
   */
  public GraphDescription {
    nodes = List.copyOf(nodes);
    Set<String> names = new HashSet<>();
    for (Node n : nodes) {
      if (!names.add(n.name())) {
        throw new IllegalArgumentException(
            "GraphDescription: duplicate node name '" + n.name() + "'");
      }
    }
    for (Node n : nodes) {
      for (String in : n.inputs()) {
        if (!names.contains(in)) {
          throw new IllegalArgumentException(
              "GraphDescription: node '"
                  + n.name()
                  + "' has input '"
                  + in
                  + "', which is not a node");
        }
      }
    }
  }

  /** This graph as the GraphDef TensorBoard's Graphs dashboard reads. */
  public GraphDef toGraphDef() {
    GraphDef.Builder g =
        GraphDef.newBuilder().setVersions(VersionDef.newBuilder().setProducer(PRODUCER_VERSION));
    for (Node n : nodes) {
      NodeDef.Builder node =
          NodeDef.newBuilder().setName(n.name()).setOp(n.op()).addAllInput(n.inputs());
      if (n.outputShape() != null) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int d : n.outputShape()) {
          shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        node.putAttr(
            "_output_shapes",
            AttrValue.newBuilder()
                .setList(AttrValue.ListValue.newBuilder().addShape(shape))
                .build());
      }
      if (n.dtype() != null) {
        node.putAttr(
            "dtype", AttrValue.newBuilder().setType(TensorProtos.dataType(n.dtype())).build());
      }
      node.putAttr("attr", AttrValue.newBuilder().setS(utf8(n.attributes())).build());
      g.addNode(node);
    }
    return g.build();
  }

  /** The description a GraphDef written by {@link #toGraphDef} holds (other attributes ignored). */
  public static GraphDescription fromGraphDef(GraphDef graph) {
    List<Node> nodes = new ArrayList<>();
    for (NodeDef n : graph.getNodeList()) {
      AttrValue shapes = n.getAttrOrDefault("_output_shapes", null);
      int[] shape = null;
      if (shapes != null && shapes.getList().getShapeCount() > 0) {
        shape =
            shapes.getList().getShape(0).getDimList().stream()
                .mapToInt(d -> Math.toIntExact(d.getSize()))
                .toArray();
      }
      AttrValue dtype = n.getAttrOrDefault("dtype", null);
      AttrValue attr = n.getAttrOrDefault("attr", null);
      nodes.add(
          new Node(
              n.getName(),
              n.getOp(),
              n.getInputList(),
              shape,
              dtype == null ? null : TensorProtos.dtype(dtype.getType()),
              attr == null ? "" : attr.getS().toString(StandardCharsets.UTF_8)));
    }
    return new GraphDescription(nodes);
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }
}
