"""Sample data: the demo county 示例县 (``load_demo``) and the generated city 示例市
(``generate_city``). It sits above every domain app and nothing imports it, so a production
install leaves it out (``BIANZHI_SAMPLEDATA=0``)."""
