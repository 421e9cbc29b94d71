Feature: 评审专家复核指标等级
  The engine pre-scores; reviewers decide. A reviewer who disagrees with a level writes a review
  (the level, the reason, who decided) and scores with it: totals, ranks and pages follow the
  expert, the engine's level stays visible beside it, and a re-score from the saved evidence,
  with the submissions gone, gives the same results.

  With areas D 2, F 1 and G 1: F1.1 is worth 12.5 points and G4.1 25; a mention earns × 0.25,
  a completed measure × 0.75 and a measured result × 1.

  Background:
    Given a rubric whose area weights are D 2, F 1 and G 1
    And submissions that earned these levels:
      | id   | title                          | levels                                            |
      | jia  | 甲市2023年法治政府建设年度报告 | D2.1=quantified, D3.1=quantified, F1.1=mention    |
      | yi   | 乙市2023年法治政府建设年度报告 | F1.1=quantified, F3.1=quantified, G4.1=quantified |
      | bing | 丙县2023年法治政府建设年度报告 | D3.1=quantified, G4.1=mention                     |
    When I score them with the default weights
    Then the ranking is:
      | rank | id   | total  |
      | 1    | yi   | 50     |
      | 2    | jia  | 40.625 |
      | 3    | bing | 31.25  |

  Scenario: A reviewer raises one level and lowers another, and a re-score without the inputs keeps them
    # jia F1.1: mention 3.125 → quantified 12.5, 40.625 + 9.375 = 50
    # yi G4.1: quantified 25 → substantive 18.75, 50 − 6.25 = 43.75
    Given the review file "评审组二.yaml":
      """
      reviews:
        - submission: jia
          indicator: F1.1
          level: quantified
          reason: 附件二列明全年办结行政复议案件86件
          reviewer: 评审组二
          date: 2026-03-02
        - submission: yi
          indicator: G4.1
          level: substantive
          reason: 公开条数是省政府门户网站的，本市只建成了专栏
          reviewer: 评审组二
      """
    When I score them with the reviews in "评审组二.yaml"
    Then the ranking is:
      | rank | id   | total  |
      | 1    | jia  | 50     |
      | 2    | yi   | 43.75  |
      | 3    | bing | 31.25  |
    And in results.json "jia" "F1.1" is "quantified", the engine's "mention", reviewed by "评审组二" on "2026-03-02"
    And in results.json "yi" "G4.1" is "substantive", the engine's "quantified", reviewed by "评审组二"
    And the report of "jia" shows "F1.1" as "量化成效" with the engine's "一般提及" struck through, the reason and "评审组二"
    And the index counts 1 reviewed indicator for "jia", 1 for "yi" and 2 in all
    And every table and page of the run shows the reviewed levels
    And the Word opinion of "jia" lists "F1.1" at "量化成效" with the engine's "一般提及", the reason and "评审组二"
    And the Word opinion of "jia" states the reviewed total and the band
    When the submission files are deleted
    And I rescore the run with the reviews in "评审组二.yaml"
    Then results.json is the same as after scoring with the reviews
    And "scorer reviews" lists "F1.1" raised once from "一般提及" to "量化成效" and "G4.1" lowered once

  Scenario: A review written for another version of the text is reported and not applied
    Given the review file "旧稿.yaml" for "jia" "F1.1" at "quantified" written for another text
    When I score them with the reviews in "旧稿.yaml"
    Then the run succeeds
    And the run warns that "旧稿.yaml:2" is for another version of the text of "jia"
    And results.json lists the review at "旧稿.yaml:2" of "jia" "F1.1" by "评审组一" as not applied
    And the index and the report of "jia" show that notice, the report of "yi" does not
    And the ranking is:
      | rank | id   | total  |
      | 1    | yi   | 50     |
      | 2    | jia  | 40.625 |
      | 3    | bing | 31.25  |

  Scenario: A review without a reason stops the run before anything is written
    Given the review file "无理由.yaml":
      """
      reviews:
        - submission: jia
          indicator: F1.1
          level: quantified
          reviewer: 评审组二
      """
    When the output folder is removed
    And I score them with the reviews in "无理由.yaml" expecting a failure
    Then the run exits with code 2
    And the error names "无理由.yaml:2" and "缺少理由 reason"
    And no output folder is written
