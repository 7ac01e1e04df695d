from . import cs_voice_report
