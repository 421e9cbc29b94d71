Feature: 评审员为一份新材料评分
  A reviewer receives a new submission, scores it against the rubric and reads why it got
  its score: every point is traced to a quoted passage, and slogans earn less than results.

  Background:
    Given the rubric with the small indicator set
    And a folder of submissions already scored

  Scenario: A report with measured results outranks one of slogans
    Given a new submission "lanxi.txt" titled "澜溪市法治政府建设年度报告" with text:
      """
      一、行政复议
      全年办结行政复议案件412件，纠错率11.3%。
      市政府成立行政复议委员会，聘请专家委员12名。
      二、行政执法
      我市建成行政执法公示平台，公开执法信息5600条。
      """
    When I score the folder
    Then the run succeeds
    And "lanxi" is ranked 1 in its group "city"
    And its indicator "F1.1" is "quantified" with the quote "全年办结行政复议案件412件，纠错率11.3%。"
    And every quote in its evidence is found in its text at the given offsets

  Scenario: An unreadable file is reported and does not stop the others
    Given a new submission "broken.txt" that is empty
    When I score the folder
    Then the run exits with code 1
    And the failures list "broken.txt" with a reason in Chinese
    And the other submissions are still scored
