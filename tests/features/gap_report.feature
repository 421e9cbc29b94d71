Feature: 评审员生成差距分析报告
  A reviewer scores a batch of submissions and sends each region its report: what is missing,
  what it costs, and what good evidence looks like in the other submissions of the same batch.

  Background:
    Given the report test rubric
    And the report test submissions in a fresh folder

  Scenario: Each report lists every gap, most points lost first, with peer exemplars
    When I score the folder with an Excel workbook
    Then the run writes an index and one report per submission
    And the index ranks every submission overall and within its group
    And every gap in results.json appears in its submission's report, most points lost first
    And every gap says what evidence would earn its points, from what the report already says
    And the gap "F1.1" in the report of "yunling" quotes an exemplar from "qingchuan"
    And no report takes an exemplar from itself
    And the workbook has the sheets "得分", "差距" and "证据" with a row for every gap

  Scenario: A submission containing HTML is shown as text
    Given a new submission "inject.txt" titled "注入测试县报告" with text:
      """
      一、行政复议
      <script>document.title="hacked"</script>全县全年办结行政复议案件30件。
      <img src=x onerror=alert(1)>
      """
    When I score the folder with an Excel workbook
    Then the report of "inject" shows "<script>document.title=\"hacked\"</script>" as text
    And the report of "inject" has no script or image element of its own making
