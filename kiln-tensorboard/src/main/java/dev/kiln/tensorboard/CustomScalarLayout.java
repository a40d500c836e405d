package dev.kiln.tensorboard;

import dev.kiln.tensorboard.proto.Category;
import dev.kiln.tensorboard.proto.Chart;
import dev.kiln.tensorboard.proto.Layout;
import dev.kiln.tensorboard.proto.MarginChartContent;
import dev.kiln.tensorboard.proto.MultilineChartContent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart layout of TensorBoard's Custom Scalars dashboard, the Java form of PyTorch's layout
 * dict {@code {category: {chart: ["Multiline", tags] | ["Margin", [value, lower, upper]]}}}.
 * Categories and charts keep the order they are added in. A mutable builder; not thread-safe.
 *
 * <pre>{@code
 * writer.addCustomScalars(new CustomScalarLayout()
 *     .multiline("Training", "loss", "loss/train", "loss/val")
 *     .margin("Training", "accuracy", "acc/mean", "acc/low", "acc/high"));
 * }</pre>
 */
public final class CustomScalarLayout {
  private final Map<String, Category.Builder> categories = new LinkedHashMap<>();

  /** An empty layout. */
  public CustomScalarLayout() {}

  /**
   * Adds a line chart to {@code category} showing every scalar tag matching one of {@code
   * tagRegexes} (TensorBoard matches them as regular expressions from the start of the tag).
   */
  public CustomScalarLayout multiline(String category, String chart, String... tagRegexes) {
    MultilineChartContent content =
        MultilineChartContent.newBuilder().addAllTag(List.of(tagRegexes)).build();
    category(category).addChart(Chart.newBuilder().setTitle(chart).setMultiline(content));
    return this;
  }

  /**
   * Adds a margin chart to {@code category}: the scalar tag {@code value} drawn between the tags
   * {@code lower} and {@code upper} (exact tag names).
   */
  public CustomScalarLayout margin(
      String category, String chart, String value, String lower, String upper) {
    MarginChartContent.Series series =
        MarginChartContent.Series.newBuilder()
            .setValue(value)
            .setLower(lower)
            .setUpper(upper)
            .build();
    category(category)
        .addChart(
            Chart.newBuilder()
                .setTitle(chart)
                .setMargin(MarginChartContent.newBuilder().addSeries(series)));
    return this;
  }

  /** The layout message TensorBoard reads. */
  public Layout toLayout() {
    Layout.Builder layout = Layout.newBuilder();
    categories.values().forEach(c -> layout.addCategory(c.build()));
    return layout.build();
  }

  private Category.Builder category(String title) {
    return categories.computeIfAbsent(title, t -> Category.newBuilder().setTitle(t));
  }
}
