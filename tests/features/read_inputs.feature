Feature: 评审员直接使用收到的材料
  Submissions arrive as Word files, PDFs exported from Word, text in GB18030, and compilations of
  many reports in one file. The reviewer points the engine at whatever they received.

  Scenario: The same report as Word, PDF and GB18030 text gets the same score
    Given the report "青川市2025年法治政府建设年度报告" saved as "qingchuan-word.docx", "qingchuan-pdf.pdf" and "qingchuan-gbk.txt" in GB18030
    When I score the folder
    Then the run succeeds
    And the three submissions have the same total and the same levels
    And each pair of them is reported as a near-duplicate

  Scenario: A compilation is split into its reports and scored
    Given a compilation of 3 reports with a contents list that disagrees with the body
    When I split it into a folder
    And I score the folder
    Then the run succeeds
    And 3 submissions are scored under their body titles

  Scenario: Bad files are reported one by one and the rest are scored
    Given the report "青川市2025年法治政府建设年度报告" saved as "qingchuan-word.docx", "qingchuan-pdf.pdf" and "qingchuan-gbk.txt" in GB18030
    And a scanned PDF "scan.pdf", a damaged Word file "broken.docx" and a picture "photo.txt"
    When I score the folder
    Then the run exits with code 1
    And the failures are "broken.docx", "photo.txt" and "scan.pdf", each with a reason in Chinese
    And the three readable submissions are still scored

  Scenario: A report pasted from a web page scores exactly as the same report typed clean
    Given the report "青川市松岚区人民政府关于2025年度法治政府建设情况的报告" typed clean as "clean.txt" and pasted from its web page as "pasted.txt"
    When I score the folder with the project's rules
    Then the run succeeds
    And the two submissions have the same title, peer group, total and levels
    And no title and no quoted evidence contains the page's furniture
    And every quote is found in its submission's text at the given offsets
