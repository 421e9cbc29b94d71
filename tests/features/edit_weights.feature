Feature: 评分方案负责人修改指标权重
  Rubric owners change weights every year and argue about them. They edit one weight in a
  profile, re-score the finished run without reading any submission again, and the ranking
  moves exactly as they compute it by hand.

  Weights are relative: with areas D 2, F 1 and G 1, D holds 50 of the 100 points and F and G
  25 each; each code shares its area equally and each indicator its code. An indicator earns
  its points × 0.25 for a mention and × 1 for a measured result.

  Background:
    Given a rubric whose area weights are D 2, F 1 and G 1
    And submissions that earned these levels:
      | id   | title                          | levels                                         |
      | jia  | 甲市2023年法治政府建设年度报告 | D2.1=quantified, D3.1=quantified, F1.1=mention |
      | yi   | 乙市2023年法治政府建设年度报告 | F1.1=quantified, F3.1=quantified, G4.1=quantified |
      | bing | 丙县2023年法治政府建设年度报告 | D3.1=quantified, G4.1=mention                  |
    When I score them with the default weights
    Then the ranking is:
      | rank | id   | total  |
      | 1    | yi   | 50     |
      | 2    | jia  | 40.625 |
      | 3    | bing | 31.25  |

  Scenario: Raising an area's weight re-ranks the run as computed by hand
    # D 6 of 8 → 75 points: D2.1 18.75, D3.1 37.5; F and G 12.5 each: F1.1 6.25, G4.1 12.5.
    # jia 18.75 + 37.5 + 0.25 × 6.25 = 57.8125; bing 37.5 + 0.25 × 12.5 = 40.625; yi 6.25 + 6.25 + 12.5 = 25
    When I set the weight of "D" to "6" in the profile "enforcement"
    And the submission files are deleted
    And I rescore the run with the profile "enforcement"
    Then the ranking is:
      | rank | id   | total   |
      | 1    | jia  | 57.8125 |
      | 2    | bing | 40.625  |
      | 3    | yi   | 25      |
    And the outputs name the profile "enforcement"

  Scenario: Switching a code off gives its points to its siblings
    # D3 off: D2 holds all 50 of D, so D2.1 earns 25; F and G are unchanged.
    # jia 25 + 0 + 3.125 = 28.125; bing 0 + 6.25 = 6.25; yi unchanged at 50
    Given a profile "no_d3" that switches off "D3"
    When I rescore the run with the profile "no_d3"
    Then the ranking is:
      | rank | id   | total  |
      | 1    | yi   | 50     |
      | 2    | jia  | 28.125 |
      | 3    | bing | 6.25   |

  Scenario: Going back to the default restores the first ranking
    When I set the weight of "D" to "6" in the profile "enforcement"
    And I rescore the run with the profile "enforcement"
    And I rescore the run with the profile "default"
    Then the ranking is:
      | rank | id   | total  |
      | 1    | yi   | 50     |
      | 2    | jia  | 40.625 |
      | 3    | bing | 31.25  |
