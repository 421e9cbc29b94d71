Feature: 评审组形成可签发的评估意见
  A reviewer sends each region an assessment it can sign: a band, an overall assessment in words,
  a short 整改清单 that leads with what costs the most, and a Word document offices can circulate.

  Background:
    Given the report test rubric
    And the report test submissions in a fresh folder

  Scenario: Each report opens with its band and 总体评价, leads with its costliest gaps, and has a Word opinion
    When I score the folder keeping the top 2 gaps and writing Word opinions
    Then every submission in results.json has a band named in the rubric
    And every report opens with a 总体评价 stating its band, total and group rank
    And every report shows its 2 costliest gaps in full, each with at most one peer exemplar, and folds the rest
    And every Word opinion reopens and holds the score table, the band, the 总体评价 and the 2 costliest gaps

  Scenario: Word opinions are never written into a folder holding other people's files
    Given a folder for Word opinions that already holds "评审组名单.docx"
    When I try to score the folder writing Word opinions there
    Then the run exits with code 2
    And the error names the Word folder and says it holds files this tool did not write
    And the Word folder holds only "评审组名单.docx", unchanged
    And no output folder is written

  Scenario: A profile with component weights but no component scores says how it ranks
    When I score the folder with the profile "demonstration" and no component scores
    Then the run warns that it ranks on the written-review total
    And no submission in results.json has a composite
